"""Tests that cross apps: the journeys of shared/JOURNEYS.md, each as one browser test."""
