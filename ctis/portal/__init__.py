"""The public information portal for people on the move: risks, rights, where to get help."""
