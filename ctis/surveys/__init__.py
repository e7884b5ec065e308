"""Flow-monitoring surveys: the instrument, imports from KoboToolbox / ODK / files, submissions."""
