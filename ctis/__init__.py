"""ctis: the Counter-Trafficking Information System for the Western Balkans."""
