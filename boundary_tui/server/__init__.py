"""The practice server's side of the trust model: the service account, the desks' keys, the audit.

One account (`boundary` by default) owns the database and runs every desk; desks
arrive through OpenSSH with a key each, restricted to starting the desk. This
package reads what the operating system says (owners, modes, accounts, sshd's
settings), creates the account and the folder, and writes the desks' key lines;
the rules it applies are pure functions in `core.trust` and `core.authorized_keys`.
Nothing here imports Textual or the database layer.
"""

from boundary_tui.core.errors import BoundaryError


class ServerError(BoundaryError):
    """Setting the server up failed (an account could not be made, a file not written): said plainly."""


DEFAULT_ACCOUNT = "boundary"
"""The service account that owns the database and runs every desk."""

DEFAULT_DB = "/srv/boundary-tui/practice.db"
"""Where the practice's database lives on the server unless `--db` or `$BOUNDARY_TUI_DB` says otherwise."""
