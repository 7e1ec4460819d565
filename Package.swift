// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "htcds",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "htcds", targets: ["HTCDSCLI"]),
        .library(name: "HTCDS", targets: ["HTCDS"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // The HTCDS 2.0 standard as data: fields, picklists, ISO code lists, lookups. Its data is
        // compiled in (Resources/*.swift, generated), not a resource bundle: the executable runs alone.
        .target(name: "HTCDS"),
        // The only modules that see C types: libxml2's streaming parsers, sqlite3, zlib.
        // On macOS the SDK's libxml2 headers sit under include/libxml2, which only pkg-config names (README, Install).
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),
        // zlib, for gzip-compressed inputs (not ZIPFoundation's CZLib, which is its own).
        .systemLibrary(name: "CSystemZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // The pipeline: read -> map -> validate -> write, and the report.
        .target(
            name: "HTCDSMigration",
            dependencies: ["HTCDS", "CLibXML2", "CSQLite", "CSystemZlib", .product(name: "Yams", package: "Yams"),
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // The command `htcds`: parses options, calls the libraries, maps errors to exit codes.
        .executableTarget(
            name: "HTCDSCLI",
            dependencies: [
                "HTCDS",
                "HTCDSMigration",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "HTCDSTests", dependencies: ["HTCDS"]),
        .testTarget(name: "HTCDSMigrationTests", dependencies: ["HTCDSMigration", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                    exclude: ["Golden", "Fixtures"]),
        .testTarget(name: "HTCDSCLITests", dependencies: ["HTCDSCLI"]),
    ]
)

// Fuzz targets (Scripts/fuzz.sh, docs/development.md): declared only when
// HTCDS_FUZZ is set. Each is built as a library with an @_cdecl entry,
// `<module>_main` (SwiftPM makes it the executable's main), that runs
// libFuzzer's driver, which only Scripts/fuzz.sh links (a plain build could not).
if Context.environment["HTCDS_FUZZ"] != nil {
    package.targets += [
        .target(name: "CFuzzDriver", path: "Fuzz/CFuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["HTCDS", "HTCDSMigration", "CFuzzDriver"], path: "Fuzz/FuzzSupport"),
    ]
    for name in ["fuzz-csv", "fuzz-xml", "fuzz-sheet", "fuzz-mapping"] {
        package.targets.append(.executableTarget(name: name, dependencies: ["FuzzSupport"], path: "Fuzz/\(name)",
                                                 swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
        package.products.append(.executable(name: name, targets: [name]))
    }
}
