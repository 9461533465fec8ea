"""Stand-in language server used only to self-test the client harness.

It is NOT Toolwright: it replays `fixtures/*.expected.json` so the editor scripts can be
proven end to end (spawn, framing, diagnostics, hover, code action, re-lint after the
edit) before or without the Swift server.  `scripts/test-clients.sh --mock` uses it.

Behaviour (mirrors Toolwright's contract for the fixture):
- diagnostics pushed always, and answered by pull (textDocument/diagnostic) for clients that
  offer it; pull only when such a client sends diagnosticMode "pull".
- didOpen/didChange: publish the expected diagnostics of the fixture with the document's file
  name (source "toolwright", code = rule id, with `version`), leaving out the fixable one once
  the text equals the fixed file.
- hover: markdown when the client lists it in hover.contentFormat, plaintext otherwise.
- didClose: publish [].
- initialized: register a .toolwright.yaml watcher when the client allows dynamic registration.
- initializationOptions equal to a set's `withSettings`: its `addDiagnostics` too.
- hover on a finding: its rule id; elsewhere the expected hover words.
- codeAction: for the fixable diagnostic in the context, a quick fix whose WorkspaceEdit
  replaces that line with the fixed file's line.
"""
import json
import os
import pathlib

from lsprotocol import types
from pygls.lsp.server import LanguageServer

HERE = pathlib.Path(__file__).parent
FIXTURES = HERE / "fixtures"
_chosen = os.environ.get("MOCK_EXPECTED") or os.environ.get("TW_EXPECTED")
_files = [pathlib.Path(_chosen)] if _chosen else sorted(FIXTURES.glob("*.expected.json"))
EXPECTED = {e["fixture"]: e for e in (json.loads(f.read_text()) for f in _files)}


def _expected(uri: str) -> dict | None:
    return EXPECTED.get(uri.rsplit("/", 1)[-1])


def _fixed_text(exp: dict) -> str:
    return (FIXTURES / exp["codeAction"]["fixed"]).read_text()


server = LanguageServer("toolwright-mock", "0.0.0")
state = {"markdown": True, "pull_only": False, "init": None}


def _range(r):
    return types.Range(
        start=types.Position(line=r[0], character=r[1]),
        end=types.Position(line=r[2], character=r[3]),
    )


def _diagnostics(ls: LanguageServer, uri: str) -> list:
    exp = _expected(uri)
    if exp is None:
        return []
    fixed = ls.workspace.get_text_document(uri).source == _fixed_text(exp)
    diags = []
    wanted = list(exp["diagnostics"])
    extra = exp.get("withSettings")
    if extra and state["init"] == extra["initializationOptions"]:
        wanted += extra["addDiagnostics"]
    for d in wanted:
        if fixed and d["code"] == exp["codeAction"]["code"]:
            continue
        diags.append(
            types.Diagnostic(
                range=_range(d["range"]),
                message=f"mock finding {d['code']}",
                severity=types.DiagnosticSeverity(d["severity"]),
                source="toolwright",
                code=d["code"],
                code_description=types.CodeDescription(href=f"https://example.invalid/rules/{d['code']}"),
            )
        )
    return diags


def _publish(ls: LanguageServer, uri: str, version):
    if state["pull_only"]:
        return  # diagnosticMode "pull" with a client that offers pull (protocol/lsp.md)
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=_diagnostics(ls, uri))
    )


def _pull(ls: LanguageServer, params: types.DocumentDiagnosticParams):
    return types.RelatedFullDocumentDiagnosticReport(items=_diagnostics(ls, params.text_document.uri))


@server.feature(types.INITIALIZE)
def on_initialize(ls: LanguageServer, params: types.InitializeParams):
    state["init"] = params.initialization_options
    td = params.capabilities.text_document
    fmts = td.hover.content_format if td and td.hover and td.hover.content_format else []
    state["markdown"] = types.MarkupKind.Markdown in fmts
    # Pull diagnostics only for clients that offer them (pygls computes the server
    # capabilities after this handler, so registering here advertises diagnosticProvider).
    if td and td.diagnostic is not None:
        init = params.initialization_options or {}
        state["pull_only"] = init.get("diagnosticMode") == "pull"
        ls.feature(
            types.TEXT_DOCUMENT_DIAGNOSTIC,
            types.DiagnosticOptions(inter_file_dependencies=True, workspace_diagnostics=False),
        )(_pull)


@server.feature(types.INITIALIZED)
async def on_initialized(ls: LanguageServer, params: types.InitializedParams):
    ws = ls.client_capabilities.workspace
    if ws and ws.did_change_watched_files and ws.did_change_watched_files.dynamic_registration:
        await ls.client_register_capability_async(
            types.RegistrationParams(
                registrations=[
                    types.Registration(
                        id="toolwright-config-files",
                        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=types.DidChangeWatchedFilesRegistrationOptions(
                            watchers=[types.FileSystemWatcher(glob_pattern="**/.toolwright.yaml")]
                        ),
                    )
                ]
            )
        )


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: LanguageServer, params: types.DidOpenTextDocumentParams):
    _publish(ls, params.text_document.uri, params.text_document.version)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: LanguageServer, params: types.DidChangeTextDocumentParams):
    _publish(ls, params.text_document.uri, params.text_document.version)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: LanguageServer, params: types.DidCloseTextDocumentParams):
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
    )


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: LanguageServer, params: types.HoverParams):
    kind = types.MarkupKind.Markdown if state["markdown"] else types.MarkupKind.PlainText
    p = params.position
    for d in _diagnostics(ls, params.text_document.uri):
        r = d.range
        if r.start.line <= p.line <= r.end.line and r.start.character <= p.character <= r.end.character:
            return types.Hover(contents=types.MarkupContent(kind=kind, value=f"{d.code} (mock rule text)"))
    exp = _expected(params.text_document.uri)
    value = " ".join(exp["hover"]["contains"]) + " (mock)" if exp else "(mock)"
    return types.Hover(contents=types.MarkupContent(kind=kind, value=f"**{value}**" if state["markdown"] else value))


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
def code_action(ls: LanguageServer, params: types.CodeActionParams):
    actions = []
    exp = _expected(params.text_document.uri)
    for d in params.context.diagnostics:
        if exp is None or d.code != exp["codeAction"]["code"]:
            continue
        line = d.range.start.line
        old_line = ls.workspace.get_text_document(params.text_document.uri).lines[line].rstrip("\n")
        new_line = _fixed_text(exp).split("\n")[line]
        edit = types.TextEdit(
            range=types.Range(
                start=types.Position(line=line, character=0),
                end=types.Position(line=line, character=len(old_line)),
            ),
            new_text=new_line,
        )
        actions.append(
            types.CodeAction(
                title=f"Fix {d.code} (mock)",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[d],
                is_preferred=True,
                edit=types.WorkspaceEdit(changes={params.text_document.uri: [edit]}),
            )
        )
    return actions


if __name__ == "__main__":
    server.start_io()
