"""Analytics: survey estimation for flow-monitoring surveys (pure modules need no Django)."""
