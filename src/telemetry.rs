//! Logging: `RUST_LOG` filters, `info` by default. Colours only on a
//! terminal: a log written to a file or a pipe has no escape codes.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(colours_wanted(
            std::io::stdout().is_terminal(),
            std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        ))
        .try_init();
}

/// Colour when the log goes to a terminal, unless `NO_COLOR` is set
/// (no-color.org).
fn colours_wanted(terminal: bool, no_color: bool) -> bool {
    terminal && !no_color
}

#[cfg(test)]
mod tests {
    use super::colours_wanted;

    #[test]
    fn only_a_terminal_gets_colours() {
        assert!(colours_wanted(true, false));
        assert!(!colours_wanted(false, false), "a file or a pipe");
        assert!(!colours_wanted(true, true), "NO_COLOR");
    }
}
