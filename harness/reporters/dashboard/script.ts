/**
 * The page's only script, inline: drill-down dialog, arrow-key moves between grid cells, and unfolding the clean
 * regions. Everything it shows is inserted as text (never HTML); without it the page still reads top to bottom.
 */
export const DASHBOARD_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('drill-data').textContent);
  var dialog = document.getElementById('drill');
  var body = document.getElementById('drill-body');
  var lastFocus = null;
  function el(tag, text, cls) { var e = document.createElement(tag); if (text != null) e.textContent = text; if (cls) e.className = cls; return e; }
  function open(id) {
    var d = data[id];
    if (!d) return;
    lastFocus = document.activeElement;
    body.replaceChildren();
    var title = el('h2', d.title); title.id = 'drill-title'; body.appendChild(title);
    var dl = el('dl', null, 'rows');
    d.rows.forEach(function (row) { dl.appendChild(el('dt', row[0])); dl.appendChild(el('dd', row[1])); });
    body.appendChild(dl);
    if (d.message) { body.appendChild(el('h3', 'Raw AWS message')); body.appendChild(el('pre', d.message, 'message')); }
    if (d.statement) { body.appendChild(el('h3', 'Suggested statement')); body.appendChild(el('pre', d.statement)); }
    if (d.streaks.length) {
      body.appendChild(el('h3', 'Recent streaks (newest first)'));
      var ul = el('ul');
      d.streaks.forEach(function (s) { ul.appendChild(el('li', s)); });
      body.appendChild(ul);
    }
    dialog.showModal();
    document.getElementById('drill-close').focus();
  }
  dialog.addEventListener('close', function () { if (lastFocus) lastFocus.focus(); });
  document.getElementById('drill-close').addEventListener('click', function () { dialog.close(); });
  document.addEventListener('click', function (event) {
    var target = event.target.closest && event.target.closest('[data-cell]');
    if (target) open(target.getAttribute('data-cell'));
  });
  var grid = document.querySelector('table.grid');
  if (grid) grid.addEventListener('keydown', function (event) {
    var moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
    var move = moves[event.key];
    var from = event.target.closest && event.target.closest('button[data-cell]');
    if (!move || !from) return;
    var rows = Array.prototype.filter.call(grid.querySelectorAll('tbody tr'), function (tr) {
      return !tr.closest('tbody').hidden && tr.querySelector('button[data-cell]');
    });
    var cellOf = function (button) { return button.closest('td'); };
    var row = rows.indexOf(from.closest('tr'));
    var col = cellOf(from).cellIndex;
    var next = rows[row + move[0]];
    var target = next && next.cells[col + move[1]] && next.cells[col + move[1]].querySelector('button[data-cell]');
    if (target) { event.preventDefault(); target.focus(); }
  });
  var toggle = document.getElementById('unfold');
  if (toggle) toggle.addEventListener('click', function () {
    var clean = document.getElementById('clean-regions');
    clean.hidden = !clean.hidden;
    toggle.setAttribute('aria-expanded', String(!clean.hidden));
    toggle.textContent = clean.hidden ? toggle.getAttribute('data-show') : toggle.getAttribute('data-hide');
  });
})();
`
