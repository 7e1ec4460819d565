import Foundation

/// Before anything is written: no output may be a file the run reads (the
/// input, the mapping, a map file, a related set's source) or another
/// output, and each output's folder must exist. Otherwise `-o register.csv`
/// would overwrite the register itself, and a report into a folder that is
/// not there would fail after the conversion had written everything else.
enum OutputSafety {
    struct Named {
        let role: String
        let path: String
    }

    static func check(outputs: [Named], inputs: [Named]) throws {
        let outputs = outputs.filter { $0.path != "-" }
        for (position, output) in outputs.enumerated() {
            try checkFolder(of: output)
            guard let identity = identity(of: output.path) else { continue }
            for input in inputs where input.path != "-" && self.identity(of: input.path) == identity {
                throw OutputError(path: output.path,
                                  message: "is the same file as \(input.role) (\(input.path)); refusing to overwrite it")
            }
            for earlier in outputs[..<position] where self.identity(of: earlier.path) == identity {
                throw OutputError(path: output.path, message: "is also \(earlier.role) (\(earlier.path)); give each output a file of its own")
            }
        }
    }

    private static func checkFolder(of output: Named) throws {
        let folder = (output.path as NSString).deletingLastPathComponent
        guard !folder.isEmpty else { return }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw OutputError(path: output.path, message: "its folder \(folder) does not exist")
        }
    }

    /// What a path names: an existing regular file by device and inode (links
    /// followed), a path not yet there by its folder's real path and its name;
    /// nil for devices, pipes and folders, which are written to as they are.
    enum Identity: Equatable {
        case file(device: UInt64, inode: UInt64)
        case planned(String)
    }

    static func identity(of path: String) -> Identity? {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFREG else { return nil }
            return .file(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        }
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        guard let real = realpath(folder.isEmpty ? "." : folder, nil) else { return .planned(path) }
        defer { free(real) }
        return .planned(String(cString: real) + "/" + name)
    }
}
