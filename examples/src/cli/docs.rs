//! Shell completion scripts and the manual page, generated from the command line's
//! definition so they never drift from it.

use std::io::Write;

/// Writes the completion script of `cmd` (the whole `taxii` command) for `shell` to `out`.
pub fn completions(shell: clap_complete::Shell, mut cmd: clap::Command, out: &mut dyn Write) {
    clap_complete::generate(shell, &mut cmd, "taxii", out);
}

/// Writes the manual page (roff) of `cmd` to `out`: the command, then one page per
/// subcommand.
pub fn man_page(cmd: clap::Command, out: &mut dyn Write) -> std::io::Result<()> {
    clap_mangen::Man::new(cmd.clone()).render(out)?;
    for sub in cmd.get_subcommands() {
        let name = format!("taxii-{}", sub.get_name());
        let sub = sub.clone().display_name(name.clone()).bin_name(name);
        clap_mangen::Man::new(sub).render(out)?;
    }
    Ok(())
}
