import * as vscode from 'vscode';

let opened = 0;

/**
 * Opens SQL the extension wrote (a scaffold, checks, a history entry, a chat answer) in a new
 * untitled Athena SQL editor named for what it holds, never over a file.
 *
 * Each name is used once per session. `openTextDocument({ content })` names documents
 * `Untitled-N` and VS Code gives a number again as soon as its editor closes; the extension host
 * can then still hold the closed document under that name and hand back its text instead.
 */
export async function openNewSql(content: string, title = 'query'): Promise<vscode.TextEditor> {
  return openNewDocument(content, title, 'sql', 'athena-sql');
}

/** A new untitled editor `<title>-<n>.<extension>` holding `content`, in `language`; never over a file. */
export async function openNewDocument(content: string, title: string, extension: string, language: string): Promise<vscode.TextEditor> {
  const stem = title.replace(/[^\w.-]+/g, '_').replace(/^[._]+|[._]+$/g, '').slice(0, 60) || 'query';
  const inUse = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
  let uri: vscode.Uri;
  do {
    opened += 1;
    uri = vscode.Uri.from({ scheme: 'untitled', path: `${stem}-${opened}.${extension}` });
  } while (inUse.has(uri.toString()));
  const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), language);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, new vscode.Position(0, 0), content);
  if (content && !(await vscode.workspace.applyEdit(edit))) throw new Error(`Could not write the new editor ${stem}-${opened}.${extension}.`);
  return vscode.window.showTextDocument(document);
}
