//! `resourcery.toml`: where the contract is, how strictly to hold the code to it, which
//! rules to tolerate. Found beside the crate's `Cargo.toml` (or, for a source file in a
//! folder of its own with its own `resourcery.toml`, the nearest one above the file).

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The file's name.
pub(crate) const FILE: &str = "resourcery.toml";

/// How drifts fail the build.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Mode {
    /// Breaking drifts are errors; the others are warnings.
    Compatible,
    /// Every drift is an error.
    Strict,
    /// Every drift is a warning.
    Warn,
    /// Nothing is checked.
    Off,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    contract: Option<Section>,
    list: Option<Envelope>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Section {
    path: String,
    mode: Option<Mode>,
    #[serde(default)]
    allow: Vec<String>,
}

/// `[list]`: the list envelope's member names for every resource of the crate.
#[derive(Deserialize, Clone, Default, Debug)]
#[serde(deny_unknown_fields)]
pub(crate) struct Envelope {
    pub(crate) items: Option<String>,
    pub(crate) page: Option<String>,
}

/// The checked settings.
#[derive(Clone, Debug)]
pub(crate) struct Config {
    /// The `resourcery.toml` read.
    pub(crate) file: PathBuf,
    /// `[contract]`, when there is one.
    pub(crate) contract: Option<ContractConfig>,
    pub(crate) envelope: Envelope,
}

#[derive(Clone, Debug)]
pub(crate) struct ContractConfig {
    /// Absolute path of the contract document.
    pub(crate) path: PathBuf,
    pub(crate) mode: Mode,
    pub(crate) allow: Vec<String>,
}

/// The `resourcery.toml` that applies to code in `source` (a file, when the compiler says
/// which), else the one beside `CARGO_MANIFEST_DIR`'s `Cargo.toml`.
pub(crate) fn locate(source: Option<&Path>) -> Option<PathBuf> {
    if let Some(source) = source {
        let source = if source.is_relative() {
            std::env::current_dir().ok()?.join(source)
        } else {
            source.to_owned()
        };
        let mut dir = source.parent();
        while let Some(d) = dir {
            let candidate = d.join(FILE);
            if candidate.is_file() {
                return Some(candidate);
            }
            // The crate root ends the search: a workspace's settings are per crate.
            if d.join("Cargo.toml").is_file() {
                return None;
            }
            dir = d.parent();
        }
    }
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR")?);
    let candidate = root.join(FILE);
    candidate.is_file().then_some(candidate)
}

/// Reads and checks `file`; the error names the file and what is wrong.
pub(crate) fn read(file: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read `{}`: {e}", file.display()))?;
    parse(file, &text)
}

fn parse(file: &Path, text: &str) -> Result<Config, String> {
    let parsed: File = toml::from_str(text).map_err(|e| {
        format!(
            "`{}` is not a valid resourcery.toml: {}; expected e.g. `[contract]\\npath = \"openapi.yaml\"\\nmode = \"compatible\"\\nallow = []`",
            file.display(),
            e.message()
        )
    })?;
    let dir = file.parent().unwrap_or(Path::new("."));
    let contract = parsed.contract.map(|c| ContractConfig {
        path: dir.join(&c.path),
        mode: c.mode.unwrap_or(Mode::Compatible),
        allow: c.allow,
    });
    Ok(Config {
        file: file.to_owned(),
        contract,
        envelope: parsed.list.unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_section_is_read_with_defaults() {
        let c = parse(
            Path::new("/x/resourcery.toml"),
            "[contract]\npath = \"api/openapi.yaml\"\n",
        )
        .unwrap();
        let contract = c.contract.unwrap();
        assert_eq!(contract.path, Path::new("/x/api/openapi.yaml"));
        assert_eq!(contract.mode, Mode::Compatible);
        assert!(contract.allow.is_empty());
    }

    #[test]
    fn unknown_keys_and_modes_are_refused_naming_the_file() {
        let e = parse(
            Path::new("/x/resourcery.toml"),
            "[contract]\npath = \"a.yaml\"\nmode = \"lenient\"\n",
        )
        .err()
        .unwrap();
        assert!(e.contains("/x/resourcery.toml"), "{e}");
        assert!(e.contains("lenient"), "{e}");
        let e = parse(Path::new("/x/resourcery.toml"), "[contract]\npth = \"a\"\n")
            .err()
            .unwrap();
        assert!(e.contains("pth"), "{e}");
    }

    #[test]
    fn list_envelope_names_are_read() {
        let c = parse(
            Path::new("/x/resourcery.toml"),
            "[list]\nitems = \"data\"\npage = \"pagination\"\n",
        )
        .unwrap();
        assert!(c.contract.is_none());
        assert_eq!(c.envelope.items.as_deref(), Some("data"));
        assert_eq!(c.envelope.page.as_deref(), Some("pagination"));
    }
}
