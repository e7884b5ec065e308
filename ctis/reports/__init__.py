"""Programme reporting: what the programme achieved in a period, for a country or the region."""
