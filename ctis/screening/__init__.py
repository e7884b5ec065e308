"""Screening and identification: the ILO/EC indicator catalogue, the rules and ``ctis screen``.

The catalogue, rules and command line are plain modules with no Django import
(``catalogue.py``, ``rules.py``, ``cli.py``); they work on files alone.
"""
