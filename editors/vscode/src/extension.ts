// Starts `toolwright lsp` over stdio for JSON/YAML files and forwards the settings.
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

/** The `toolwright.*` settings the server understands (protocol/lsp.md). */
function serverSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration("toolwright");
  const targets = config.get<string[]>("targets", []);
  return {
    ...(targets.length > 0 ? { targets } : {}),
    debounceMs: config.get<number>("debounceMs", 150),
    rules: config.get<Record<string, unknown>>("rules", {}),
    logLevel: config.get<string>("logLevel", "info"),
    // vscode-languageclient pulls diagnostics itself; without this the server would also push
    // them and VS Code would show every finding twice (protocol/lsp.md).
    diagnosticMode: "pull",
  };
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("toolwright");
  const command = config.get<string>("server.path", "toolwright");
  const args = ["lsp", ...config.get<string[]>("server.extraArgs", [])];

  const serverOptions: ServerOptions = {
    run: { command, args, transport: TransportKind.stdio },
    debug: { command, args, transport: TransportKind.stdio },
  };
  const patterns = config.get<string[]>("documentSelector", ["**/*.json", "**/*.jsonl", "**/*.yaml", "**/*.yml"]);
  const clientOptions: LanguageClientOptions = {
    documentSelector: patterns.map((pattern) => ({ scheme: "file", pattern })),
    initializationOptions: serverSettings(),
    // VS Code answers workspace/configuration for section "toolwright" from these settings
    // and sends didChangeConfiguration when they change.
    synchronize: {
      configurationSection: "toolwright",
      fileEvents: vscode.workspace.createFileSystemWatcher("**/.toolwright.yaml"),
    },
    outputChannelName: "Toolwright",
  };

  client = new LanguageClient("toolwright", "Toolwright", serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand("toolwright.restartServer", async () => {
      await client?.restart();
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
