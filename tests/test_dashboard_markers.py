"""Charts never draw a hidden value ("<k", "x") as a number: a bar chart leaves it out and writes the marker,
a heat map paints it a colour that is not on its scale and writes the marker."""

from __future__ import annotations

from dashboards.components.charts import HIDDEN_FILL, bar_figure, heatmap_figure, line_with_capacity


def test_bar_chart_marks_hidden_values_instead_of_drawing_zero():
    fig = bar_figure(["a", "b", "c", "d"], {"situations": [12, "<5", 0, "x"]})
    assert fig["data"][0]["y"] == [12.0, None, 0.0, None]  # hidden: no bar at all, not a bar of 0
    notes = {n["x"]: (n["y"], n["text"]) for n in fig["layout"]["annotations"]}
    assert set(notes) == {"b", "d"} and notes["b"][0] == 0  # the marker where the bar would be
    assert "&lt;5</span>" in notes["b"][1] and ">x</span>" in notes["d"][1]
    two = bar_figure(["a"], {"s": [9], "t": ["<5"]})  # grouped: written after the bars, in the series' colour
    [note] = two["layout"]["annotations"]
    assert note["y"] == 9 and "#d9822b" in note["text"]
    horizontal = bar_figure(["a", "b"], {"s": [3, "<5"]}, horizontal=True)
    assert horizontal["data"][0]["x"] == [3.0, None] and horizontal["layout"]["annotations"][0]["y"] == "b"
    assert "annotations" not in bar_figure(["a"], {"s": [7]})["layout"]


def test_heat_map_hidden_cell_is_not_a_colour_of_the_scale():
    fig = heatmap_figure(["A", "B"], [[10.0, None], [None, 0.0]], markers=[[None, "<5"], ["<5", None]])
    values, hidden = fig["data"]
    assert values["z"] == [[10.0, None], [None, 0.0]]  # a 0 stays a 0 on the scale, a hidden cell has no value
    assert hidden["z"] == [[None, 1.0], [1.0, None]] and hidden["text"] == [["", "<5"], ["<5", ""]]
    assert hidden["colorscale"] == [[0, HIDDEN_FILL], [1, HIDDEN_FILL]] and not hidden["showscale"]
    assert len(heatmap_figure(["A"], [[3.0]], markers=[[None]])["data"]) == 1


def test_caseload_bars_mark_hidden_months():
    fig = line_with_capacity(["2024-01", "2024-02"], ["<5", 9], [14, 14], active_name="a", capacity_name="c")
    assert fig["data"][0]["y"] == [None, 9.0]
    assert fig["layout"]["annotations"][0]["x"] == "2024-01"
