/* The editor's grids (dash-ag-grid): a validator problem shown on its cell.
 *
 * The server places each problem on a grid, a row (its hidden _key) and a column
 * (dashboards/editor/grids.py, cell_problems) and puts them in the store ed-cell-problems.
 * Here they go into each grid's context and the cells are drawn again: the cell gets the
 * class ed-cell-problem and the problem's text as its tooltip. The rows themselves are never
 * written back from the server while the user edits, so no choice being made is lost.
 * Served from the dashboard's own assets (no inline script, no eval: the CSP allows it).
 */
(function () {
    "use strict";
    var funcs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

    function problemOf(params) {
        var ctx = params && params.context;
        var rows = ctx && ctx.problems;
        var row = rows && params.data && rows[params.data._key];
        var field = params && params.colDef && params.colDef.field;
        return row && field && Object.prototype.hasOwnProperty.call(row, field) ? row[field] : undefined;
    }

    funcs.netmapProblem = problemOf;
    funcs.netmapHasProblem = function (params) { return problemOf(params) !== undefined; };

    var GRIDS = ["actors", "ties", "needs", "actions", "requesters", "funding"];

    // A tick cell toggles when clicked anywhere, not only on its small box (ag-grid's checkbox renderer
    // toggles on the box itself; a click beside it, or one whose press and release land on different
    // elements, would otherwise do nothing).
    function toggleTick(params) {
        var target = params.event && params.event.target;
        if (!params.colDef || params.colDef.cellDataType !== "boolean" || params.colDef.editable === false) {
            return;
        }
        if (target && target.tagName === "INPUT") {
            return;  // the box itself: the renderer toggled it
        }
        var field = params.colDef.field;
        params.node.setDataValue(field, params.node.data[field] !== true);
    }

    function mark(problems) {
        var pending = false;
        GRIDS.forEach(function (g) {
            var api = null;
            try {
                api = window.dash_ag_grid && window.dash_ag_grid.getApi("ed-" + g);
            } catch (e) {
                api = null;  // not drawn yet
            }
            if (!api || (api.isDestroyed && api.isDestroyed())) {
                pending = true;
                return;
            }
            if (!api.__netmapTicks) {
                api.__netmapTicks = true;
                api.addEventListener("cellClicked", toggleTick);
            }
            api.setGridOption("context", {problems: (problems && problems[g]) || {}});
            api.refreshCells({force: true});
        });
        return pending;
    }

    // ag-grid's select editor opens its list on Enter only: a click on a code's cell opens the list at once,
    // so that a choice is one click on the cell and one on the label
    document.addEventListener("focusin", function (event) {
        var target = event.target;
        if (!target || !target.closest || !target.closest(".ed-grid .ag-cell .ag-select")) {
            return;
        }
        var host = target.closest(".ed-grid");
        var api = null;
        try {
            api = window.dash_ag_grid.getApi(host.id);
        } catch (e) {
            return;
        }
        setTimeout(function () {
            (api.getCellEditorInstances() || []).forEach(function (editor) {
                var select = editor && editor.eEditor;
                if (select && typeof select.showPicker === "function" && !select.isPickerDisplayed) {
                    select.showPicker();
                }
            });
        }, 0);
    });

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.netmap_editor = {
        showProblems: function (problems) {
            if (mark(problems)) {
                // a grid drawn after the problems arrived: try again once it is there
                setTimeout(function () { mark(problems); }, 300);
            }
            return Object.keys(problems || {}).length;
        }
    };
}());
