//! `/`-separated relative paths: the one representation of file locations inside a project and
//! inside a built site.
//!
//! Sources are named relative to the project root (`docs/adr/0001-x.md`) and outputs relative to
//! the site root (`adr/0001-x.html`), always with `/`, whatever the platform. Normalisation here
//! is purely lexical and never touches the file system, so a link such as `../../etc/passwd` can
//! be refused before anything is read.

/// Lexically normalises a relative path: drops `.` and empty segments and applies `..`.
/// Returns `None` when the path climbs above its starting point.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for segment in path.split(['/', '\\']) {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Lexically normalises a path that may climb at most `up` folders above its starting point,
/// keeping those climbs as leading `../` segments: `normalize_up("a/../../b", 1)` is `../b`.
/// This is how code outside a project (but inside its repository) is named: a project `up`
/// folders below the repository root may name any file of the repository.
pub fn normalize_up(path: &str, up: usize) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let mut climbed = 0;
    for segment in path.split(['/', '\\']) {
        match segment {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if climbed < up => {
                    climbed += 1;
                    parts.push("..");
                }
                _ => return None,
            },
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Joins like [`join`], allowing the result to climb `up` folders above the root.
pub fn join_up(dir: &str, reference: &str, up: usize) -> Option<String> {
    if dir.is_empty() {
        normalize_up(reference, up)
    } else {
        normalize_up(&format!("{dir}/{reference}"), up)
    }
}

/// A project path (`docs/x.md`, or `../services/api/main.py` for code beside the project) as a
/// path from the repository root, for a project at `prefix` below it.
pub fn to_repo(prefix: &str, project_path: &str) -> String {
    if prefix.is_empty() {
        return project_path.to_string();
    }
    if project_path.is_empty() {
        return prefix.to_string();
    }
    normalize(&format!("{prefix}/{project_path}")).unwrap_or_else(|| project_path.to_string())
}

/// A path from the repository root as a project path, for a project at `prefix` below it:
/// `services/api/main.py` is `../services/api/main.py` from `docs`.
pub fn from_repo(prefix: &str, repo_path: &str) -> String {
    if prefix.is_empty() {
        return repo_path.to_string();
    }
    if let Some(inside) = strip_dir(repo_path, prefix) {
        return inside.to_string();
    }
    let ours: Vec<&str> = prefix.split('/').collect();
    let theirs: Vec<&str> = repo_path.split('/').filter(|s| !s.is_empty()).collect();
    let common = ours.iter().zip(&theirs).take_while(|(a, b)| a == b).count();
    let mut out = vec![".."; ours.len() - common];
    out.extend(&theirs[common..]);
    out.join("/")
}

/// `path` relative to `root` as a `/`-separated string; `None` when it is not below `root` or
/// not valid UTF-8.
pub fn relative(root: &std::path::Path, path: &std::path::Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for c in rel.components() {
        parts.push(c.as_os_str().to_str()?);
    }
    Some(parts.join("/"))
}

/// Joins a relative reference onto a folder (both relative, `/`-separated), normalising the
/// result. `None` when the result escapes the root.
pub fn join(dir: &str, reference: &str) -> Option<String> {
    if dir.is_empty() {
        normalize(reference)
    } else {
        normalize(&format!("{dir}/{reference}"))
    }
}

/// The folder part of a path (`""` for a top-level file).
pub fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// The last segment of a path.
pub fn file_name(path: &str) -> &str {
    path.rfind('/').map_or(path, |i| &path[i + 1..])
}

/// The file name without its last extension.
pub fn stem(path: &str) -> &str {
    let name = file_name(path);
    match name.rfind('.') {
        Some(0) | None => name,
        Some(i) => &name[..i],
    }
}

/// The lower-cased extension, without the dot (`""` when there is none).
pub fn extension(path: &str) -> String {
    let name = file_name(path);
    match name.rfind('.') {
        Some(0) | None => String::new(),
        Some(i) => name[i + 1..].to_ascii_lowercase(),
    }
}

/// Whether `path` is `dir` itself or lies below it (`dir == ""` contains everything).
pub fn is_within(path: &str, dir: &str) -> bool {
    dir.is_empty() || path == dir || (path.starts_with(dir) && path.as_bytes()[dir.len()] == b'/')
}

/// `path` relative to `dir`, when it lies within it.
pub fn strip_dir<'a>(path: &'a str, dir: &str) -> Option<&'a str> {
    if dir.is_empty() {
        Some(path)
    } else if path == dir {
        Some("")
    } else if is_within(path, dir) {
        Some(&path[dir.len() + 1..])
    } else {
        None
    }
}

/// The relative prefix that leads from the folder of a site file back to the site root:
/// `""` for `index.html`, `"../"` for `adr/0001-x.html`.
pub fn root_prefix(site_file: &str) -> String {
    "../".repeat(site_file.matches('/').count())
}

/// Cleans a folder setting from `sadoc.yml` (`./docs/` → `docs`, `.` → `""`); `None` when it
/// is absolute or leaves the project.
pub fn clean_config_dir(dir: &str) -> Option<String> {
    if dir.starts_with('/') || dir.starts_with('\\') || dir.contains(':') {
        return None;
    }
    normalize(dir)
}

/// Turns a file or folder name into a readable title: `data-platform_v2` → `Data platform v2`.
pub fn humanize(name: &str) -> String {
    let spaced: String = name
        .chars()
        .map(|c| if c == '-' || c == '_' { ' ' } else { c })
        .collect();
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A relative path from a file to another path (a site file to a site URL, a source to a
/// source): `relative_url("adr/a.html", "sad/b.html")` is
/// `../sad/b.html`.
pub fn relative_url(from_file: &str, to_url: &str) -> String {
    // The home page's own URL (`./`) is its folder, the site's root.
    let to_url = if to_url == "./" { "" } else { to_url };
    let from_dirs: Vec<&str> = match from_file.rfind('/') {
        Some(i) => from_file[..i].split('/').collect(),
        None => Vec::new(),
    };
    let (to_dir, to_name) = match to_url.rfind('/') {
        Some(i) => (&to_url[..i], &to_url[i + 1..]),
        None => ("", to_url),
    };
    let to_dirs: Vec<&str> = if to_dir.is_empty() {
        Vec::new()
    } else {
        to_dir.split('/').collect()
    };
    let common = from_dirs
        .iter()
        .zip(&to_dirs)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dirs.len() - common);
    for dir in &to_dirs[common..] {
        out.push_str(dir);
        out.push('/');
    }
    out.push_str(to_name);
    if out.is_empty() {
        "./".to_string()
    } else {
        out
    }
}

/// The first of `path` and its folders up to `root` that is a symbolic link to nothing, with
/// where it points: a folder that can be neither read nor created.
pub fn dangling_link(
    root: &std::path::Path,
    path: &std::path::Path,
) -> Option<(std::path::PathBuf, std::path::PathBuf)> {
    let mut at = Some(path);
    while let Some(p) = at {
        if p == root || !p.starts_with(root) {
            return None;
        }
        let link = std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
        if link && std::fs::metadata(p).is_err() {
            return Some((p.to_path_buf(), std::fs::read_link(p).unwrap_or_default()));
        }
        at = p.parent();
    }
    None
}

/// Percent-decodes a URL path component; invalid escapes are kept as they are.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes the characters of a relative URL path that would break an `href`
/// (spaces, `#`, `?`, `%`, `:` — `a:b.html` would read as a URL of scheme `a` — and
/// non-printing characters); `/` and non-ASCII letters are kept.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            ':' => out.push_str("%3A"),
            '%' => out.push_str("%25"),
            '"' => out.push_str("%22"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            c if c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// A path as the user should see it: relative to the current folder when it is inside it.
pub fn shown(path: &std::path::Path) -> String {
    let cwd = std::env::current_dir().ok();
    let rel = cwd.as_deref().and_then(|c| path.strip_prefix(c).ok());
    match rel {
        Some(r) if r.as_os_str().is_empty() => ".".to_string(),
        Some(r) => r.display().to_string(),
        None => path.display().to_string(),
    }
}

/// The value for `path` among per-folder values: the longest folder holding it (`""` or `.`
/// holds everything).
pub fn by_folder<'a, T>(
    folders: &'a std::collections::BTreeMap<String, T>,
    path: &str,
) -> Option<&'a T> {
    folders
        .iter()
        .filter_map(|(folder, value)| {
            let folder = folder
                .trim_end_matches("/**")
                .trim_end_matches('/')
                .trim_start_matches("./");
            let folder = if folder == "." { "" } else { folder };
            is_within(path, folder).then_some((folder.len(), value))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_paths_may_climb_to_the_repository_root() {
        assert_eq!(normalize_up("a/../../b", 1).as_deref(), Some("../b"));
        assert_eq!(normalize_up("../../b", 1), None);
        assert_eq!(
            join_up("docs", "../../services/x.py", 1).as_deref(),
            Some("../services/x.py")
        );
        assert_eq!(
            to_repo("platform/docs", "../../services/x.py"),
            "services/x.py"
        );
        assert_eq!(
            to_repo("platform/docs", "adr/1.md"),
            "platform/docs/adr/1.md"
        );
        assert_eq!(
            from_repo("platform/docs", "services/x.py"),
            "../../services/x.py"
        );
        assert_eq!(from_repo("platform/docs", "platform/y.py"), "../y.py");
        assert_eq!(from_repo("platform/docs", "platform/docs/a.md"), "a.md");
        assert_eq!(from_repo("", "a.md"), "a.md");
    }

    #[test]
    fn normalize_applies_dots_and_refuses_escapes() {
        assert_eq!(normalize("a/./b/../c").as_deref(), Some("a/c"));
        assert_eq!(normalize("a//b/").as_deref(), Some("a/b"));
        assert_eq!(normalize("../etc/passwd"), None);
        assert_eq!(normalize("a/../../b"), None);
        assert_eq!(
            join("docs/adr", "../sad/x.md").as_deref(),
            Some("docs/sad/x.md")
        );
        assert_eq!(join("docs", "../../etc/passwd"), None);
    }

    #[test]
    fn within_respects_segment_boundaries() {
        assert!(is_within("docs/adr/x.md", "docs/adr"));
        assert!(!is_within("docs/adrs/x.md", "docs/adr"));
        assert!(is_within("anything", ""));
        assert_eq!(strip_dir("docs/adr/x.md", "docs"), Some("adr/x.md"));
    }

    #[test]
    fn root_prefix_counts_folders() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("adr/x.html"), "../");
        assert_eq!(root_prefix("sad/views/x/index.html"), "../../../");
    }

    #[test]
    fn names_and_extensions() {
        assert_eq!(stem("docs/a.b.md"), "a.b");
        assert_eq!(extension("docs/A.PNG"), "png");
        assert_eq!(extension("docs/.hidden"), "");
        assert_eq!(humanize("data-platform_v2"), "Data platform v2");
    }

    #[test]
    fn percent_coding_round_trips() {
        assert_eq!(percent_decode("my%20file.md"), "my file.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%e2%9c%93"), "✓");
        assert_eq!(encode_path("a b#c.html"), "a%20b%23c.html");
        assert_eq!(encode_path("a:b.html"), "a%3Ab.html");
        assert_eq!(encode_path("결정/a.html"), "결정/a.html");
    }

    #[test]
    fn the_longest_folder_wins() {
        let mut folders = std::collections::BTreeMap::new();
        folders.insert("docs".to_string(), 1);
        folders.insert("docs/runbooks/".to_string(), 2);
        folders.insert("docs/runbooks/db/**".to_string(), 3);
        assert_eq!(by_folder(&folders, "docs/guide.md"), Some(&1));
        assert_eq!(by_folder(&folders, "docs/runbooks/restart.md"), Some(&2));
        assert_eq!(
            by_folder(&folders, "docs/runbooks/db/failover.md"),
            Some(&3)
        );
        assert_eq!(by_folder(&folders, "adr/0001-x.md"), None);
        assert_eq!(by_folder(&folders, "docs-old/x.md"), None);
    }
}
