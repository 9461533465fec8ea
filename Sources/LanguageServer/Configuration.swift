import Foundation
import JSON
import JSONRPC
import SourceDocument

extension LanguageServer {
    /// Defaults, then each workspace folder's `.toolwright.yaml`, then the client's settings.
    func recomputeSettings() {
        var merged = options.defaults
        for folder in workspaceFolders { merged.merge(Self.withoutTrustKeys(fileSettings[folder])) }
        merged.merge(clientSettings)
        let changed = merged != settings
        settings = merged
        if changed && phase == .running { reanalyzeAll() }
    }

    /// A repository must not be able to trust itself: trust and the switch that lets plugins run
    /// come only from the user (client settings, the trust store), never from the workspace's file.
    static func withoutTrustKeys(_ value: JSONValue?) -> JSONValue? {
        guard case .object(let members)? = value else { return value }
        return .object(
            members.filter { $0.key != "trustedWorkspaces" && !($0.key == "plugins" && $0.value.boolValue != nil) })
    }

    /// Reads `.toolwright.yaml` (or `.yml`) at the root of each workspace folder. Only the
    /// keys the server understands are used (see `ServerSettings.merge`).
    func loadConfigFiles() {
        fileSettings = [:]
        for folder in workspaceFolders {
            guard let url = URL(string: folder), url.isFileURL else { continue }
            for name in Self.configFileNames {
                let path = url.appendingPathComponent(name).path
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                let document = SourceDocument(
                    uri: url.appendingPathComponent(name).absoluteString, bytes: [UInt8](data), format: .yaml)
                if let value = provider.syntaxTree(of: document).jsonValue() {
                    fileSettings[folder] = value
                } else {
                    log(.warning, "Could not read \(path)")
                }
                break
            }
            fileSettings[folder] = Self.addingLock(to: fileSettings[folder], folder: url)
        }
    }

    func configFileChanged() {
        let before = (fileSettings, settings)
        loadConfigFiles()
        recomputeSettings()
        // `ignore` is not a server setting: a change there alone must re-check the documents too.
        if fileSettings != before.0 && settings == before.1 && phase == .running { reanalyzeAll() }
    }

    /// Asks the client for section `toolwright` (only when it advertised `workspace/configuration`).
    func pullConfiguration() {
        connection.send(request: "workspace/configuration", params: ["items": [["section": "toolwright"]]]) {
            [self] result in
            queue.async { [self] in
                switch result {
                case .success(let value):
                    if let first = value[0], case .object = first {
                        clientSettings = merging(clientSettings, first)
                        recomputeSettings()
                    }
                case .failure(let error):
                    log(.warning, "workspace/configuration failed: \(error)")
                }
            }
        }
    }

    func didChangeConfiguration(_ params: JSONValue?) {
        if client.configuration {
            pullConfiguration()
            return
        }
        guard let raw = params?["settings"] else { return }
        let section = raw["toolwright"] ?? raw
        guard case .object = section else { return }
        clientSettings = merging(clientSettings, section)
        recomputeSettings()
    }

    func didChangeWatchedFiles(_ params: JSONValue?) {
        let uris = params?["changes"]?.arrayValue?.compactMap { $0["uri"]?.stringValue } ?? []
        if uris.contains(where: { uri in Self.configFileNames.contains { uri.hasSuffix("/" + $0) } }) {
            configFileChanged()
        }
    }

    func didChangeWorkspaceFolders(_ params: JSONValue?) {
        let event = params?["event"]
        let removed = Set(event?["removed"]?.arrayValue?.compactMap { $0["uri"]?.stringValue } ?? [])
        let added = event?["added"]?.arrayValue?.compactMap { $0["uri"]?.stringValue } ?? []
        workspaceFolders =
            workspaceFolders.filter { !removed.contains($0) } + added.filter { !workspaceFolders.contains($0) }
        configFileChanged()
    }

    /// Shallow merge: later keys replace earlier ones.
    private func merging(_ base: JSONValue?, _ update: JSONValue) -> JSONValue {
        guard case .object(var members)? = base, case .object(let updates) = update else { return update }
        for member in updates {
            members.removeAll { $0.key == member.key }
            members.append(member)
        }
        return .object(members)
    }
}
