"""Drawing the eco-map: conventions, the shared scene, and its renderers (SVG, plotly, vis-network page)."""
