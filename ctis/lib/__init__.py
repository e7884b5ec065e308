"""Pure Python shared by every app: no Django import, nothing from the apps."""
