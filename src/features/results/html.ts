import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

/** A fresh nonce per render: scripts run only if they carry it. */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * The results page shell. CSP: nothing by default; our one script by nonce; styles and fonts only
 * from the extension's own resources. Values are put on screen with textContent by the script,
 * so no result can become markup.
 */
export function resultsHtml(webview: vscode.Webview, script: string, styleUri: vscode.Uri, nonce: string): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // The grid keeps its column widths in one <style> element, which carries the nonce.
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${styleUri.toString()}">
<title>Lakehouse Results</title>
</head>
<body>
<main id="app" aria-live="polite"><p class="placeholder">Run a statement to see its rows here.</p></main>
<script nonce="${nonce}">${script.replace(/<\/script/gi, '<\\/script')}</script>
</body>
</html>`;
}
