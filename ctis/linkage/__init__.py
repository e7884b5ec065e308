"""Record linkage: one person, one record (issue 12). Framework-free: no Django here.

- :mod:`records` reads and checks the input CSV (the command-line contract);
- :mod:`features` derives comparable forms of each field (on :mod:`ctis.core.names`);
- :mod:`model` is the Splink model (trained parameters in ``model.json``) and dedupe;
- :mod:`pprl` encodes records as keyed Bloom filters and matches encodings;
- :mod:`synthetic` generates fictional test populations with the region's difficulties;
- :mod:`quality` measures pairwise precision, recall and F1.
"""
