//! Starts `toolwright lsp` for Zed: from `lsp.toolwright.binary` in the settings if given,
//! else `toolwright` found on the worktree's PATH. The settings' `initialization_options`
//! and `settings` are passed through unchanged.
use zed_extension_api::{self as zed, serde_json, settings::LspSettings, LanguageServerId, Result};

struct Toolwright;

impl zed::Extension for Toolwright {
    fn new() -> Self {
        Toolwright
    }

    fn language_server_command(
        &mut self,
        id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree(id.as_ref(), worktree)
            .ok()
            .and_then(|s| s.binary);
        let path = binary
            .as_ref()
            .and_then(|b| b.path.clone())
            .or_else(|| worktree.which("toolwright"))
            .ok_or_else(|| "toolwright not found on PATH; set lsp.toolwright.binary.path".to_string())?;
        let args = binary
            .as_ref()
            .and_then(|b| b.arguments.clone())
            .unwrap_or_else(|| vec!["lsp".to_string()]);
        Ok(zed::Command { command: path, args, env: worktree.shell_env() })
    }

    fn language_server_initialization_options(
        &mut self,
        id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        Ok(LspSettings::for_worktree(id.as_ref(), worktree)
            .ok()
            .and_then(|s| s.initialization_options))
    }

    fn language_server_workspace_configuration(
        &mut self,
        id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        let settings = LspSettings::for_worktree(id.as_ref(), worktree)
            .ok()
            .and_then(|s| s.settings);
        Ok(settings.map(|s| serde_json::json!({ "toolwright": s })))
    }
}

zed::register_extension!(Toolwright);
