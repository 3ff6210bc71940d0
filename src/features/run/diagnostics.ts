import * as vscode from 'vscode';

interface Entry {
  /** The failed statement's range in the document; an edit inside it clears the entry. */
  readonly statement: vscode.Range;
  readonly diagnostic: vscode.Diagnostic;
}

/** Offset in `text` of a 1-based line and column (clamped to the text). */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  return Math.min(offset + Math.max(0, column - 1), lineEnd < 0 ? text.length : lineEnd);
}

/**
 * Engine errors shown where they occurred: the engine's line and column are relative to the
 * statement, so they are moved by the statement's start. Editing the statement or running it
 * again successfully clears its diagnostic.
 */
export class RunDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('lakehouse');
  private readonly entries = new Map<string, Entry[]>();
  private readonly subscription = vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e));

  report(doc: vscode.TextDocument, statementStart: number, statementText: string, message: string, position?: { line: number; column: number }): vscode.Diagnostic {
    const statement = new vscode.Range(doc.positionAt(statementStart), doc.positionAt(statementStart + statementText.length));
    let range: vscode.Range;
    if (position) {
      const at = statementStart + offsetOf(statementText, position.line, position.column);
      const word = doc.getWordRangeAtPosition(doc.positionAt(at), /[\w$.]+|"[^"]*"|`[^`]*`|'[^']*'/);
      range = word ?? new vscode.Range(doc.positionAt(at), doc.positionAt(Math.min(at + 1, statementStart + statementText.length)));
    } else {
      // No position from the engine: the statement's first line carries the error.
      range = new vscode.Range(statement.start, doc.lineAt(statement.start.line).range.end);
    }
    const diagnostic = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Error);
    diagnostic.source = 'lakehouse';
    const key = doc.uri.toString();
    const list = (this.entries.get(key) ?? []).filter((e) => !e.statement.intersection(statement));
    list.push({ statement, diagnostic });
    this.set(doc.uri, list);
    return diagnostic;
  }

  /** A statement ran successfully: its old error goes. */
  clear(doc: vscode.TextDocument, statementStart: number, statementEnd: number): void {
    const range = new vscode.Range(doc.positionAt(statementStart), doc.positionAt(statementEnd));
    const list = this.entries.get(doc.uri.toString());
    if (list) this.set(doc.uri, list.filter((e) => !e.statement.intersection(range)));
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    const list = this.entries.get(e.document.uri.toString());
    if (!list?.length || !e.contentChanges.length) return;
    const touched = (entry: Entry): boolean => e.contentChanges.some((c) => c.range.intersection(entry.statement) !== undefined);
    const kept = list.filter((entry) => !touched(entry));
    if (kept.length !== list.length) this.set(e.document.uri, kept);
  }

  private set(uri: vscode.Uri, list: Entry[]): void {
    const key = uri.toString();
    if (list.length) this.entries.set(key, list);
    else this.entries.delete(key);
    this.collection.set(
      uri,
      list.map((e) => e.diagnostic),
    );
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}
