"""Tests of the analytics estimation core; none needs a database."""
