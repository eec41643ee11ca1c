"""The insights report: read the insight models from the warehouse, render one self-contained HTML file."""
