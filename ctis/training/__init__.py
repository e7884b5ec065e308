"""Capacity building: training modules, sessions, participants, tests and certificates."""
