/** 1234567 → "1,234,567" (without Intl, whose first use costs tens of milliseconds in a webview). */
export function formatCount(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  return (n < 0 ? '-' : '') + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
