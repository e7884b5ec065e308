"""The services directory: who offers what help, where, in which languages, for whom."""
