"""Regional and national coordination: meetings, decisions, action items, focal points."""
