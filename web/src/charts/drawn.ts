/** Records when the first chart of the page is drawn (the board benchmark and e2e tests read it). */
export function chartDrawn(): void {
  const body = document.body;
  if (body.dataset.firstChartMs) return;
  body.dataset.firstChartMs = String(Math.round(performance.now()));
}
