"""What every form shares: save in the background, problems beside their fields,
nothing typed thrown away by accident.

A form collects what was typed into a draft and hands it to a save function
given by whoever opened it (the form never decides what is stored). It stays
open until that function returns: a refusal, a validation problem, a busy or
full database are shown on the form with everything still typed in, and only a
confirmed save dismisses it, with the saved value.

Several desks share the database, so a save may have to wait its turn (up to
the store's busy timeout). The save button says so while it waits; if the wait
runs out, the form says the database is busy and `ctrl+s` tries again.

Nothing typed goes astray after a refusal: the focus moves to the first field a
problem names (typing then goes there, not into the list the person was in),
and a field's problem goes as soon as that field is edited (it is checked again
on the next save).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from textual import events, on, work
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Select, SelectionList, Static, TextArea

from boundary_tui.core.errors import BoundaryError, DatabaseBusy, Invalid
from boundary_tui.ui.faults import FAULTS
from boundary_tui.ui.literal import literal
from boundary_tui.ui.screens.confirm import ConfirmScreen
from boundary_tui.ui.screens.fit import FocusInView

ResultT = TypeVar("ResultT")


class FormScreen(FocusInView, ModalScreen[ResultT | None], Generic[ResultT]):
    """Base for modal forms. Subclasses implement `collect()`; whoever opens one gives `save`.

    Layout conventions (see CONTRIBUTING.md): a field with id `x` has a
    `Static(id="x-problem", classes="problem")` under it; `#form-problem` takes
    problems that belong to no field; the save button has id `save`.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    SAVE_LABEL = "Save  ctrl+s"

    SLOW_SAVE_SECONDS = 1.0
    """After this long a save is waiting for another desk, and the button says so."""

    SAVING_LABEL = "Saving…"
    WAITING_LABEL = "Saving… waiting for another desk"

    def __init__(self, save: Callable[[Any], ResultT]) -> None:
        super().__init__()
        self._save_draft = save
        """Stores what `collect()` returned (in a worker thread); raises `Invalid`/`Refused` to refuse."""
        self._initial: dict[str, Any] = {}
        self._saved: tuple[ResultT] | None = None
        """A result saved while another screen (the lock) was on top, waiting to be delivered."""
        self._save_problems: dict[str, str] = {}
        """Problems the last save attempt put under fields (field → message): each goes when its field is edited."""
        self._saving = False
        """A save attempt is showing its problems (they are recorded in `_save_problems`)."""

    def on_mount(self) -> None:
        self._initial = self._values()

    # -- for subclasses ---------------------------------------------------------------

    def collect(self) -> Any | None:
        """Read the fields into a draft, or show problems and return None."""
        raise NotImplementedError

    def after_refusal(self, error: BoundaryError) -> None:
        """Called after a refusal is shown (e.g. reload free slots when one was taken)."""

    def field_of(self, problem_key: str) -> str:
        """Which field a store problem belongs to (override when names differ)."""
        return problem_key

    # -- problems ---------------------------------------------------------------------

    def show_problem(self, field: str, message: str) -> None:
        """Put `message` under `field` (or in `#form-problem` if there is no such field)."""
        matches = self.query(f"#{field}-problem")
        widget = matches.first(Static) if matches else self.query_one("#form-problem", Static)
        shown = literal(message)
        widget.update(shown)
        widget.set_class(bool(message), "-shown")
        if self._saving and matches and message:
            self._save_problems[field] = shown.plain

    def show_invalid(self, invalid: Invalid) -> None:
        for key, message in invalid.problems.items():
            self.show_problem(self.field_of(key), message)

    def clear_problems(self) -> None:
        self._save_problems.clear()
        for widget in self.query(".problem").results(Static):
            widget.update("")
            widget.remove_class("-shown")

    def focus_first_problem(self) -> bool:
        """Focus the first field (top to bottom) with a problem under it; False if there is none to focus.

        What the person types next then goes where the message asks for it, and the
        field is scrolled into sight with its problem underneath."""
        for problem in self.query(".problem.-shown").results(Static):
            field = (problem.id or "").removesuffix("-problem")
            if not field or field == "form":
                continue
            found = self.query(f"#{field}")
            widget = found.first() if found else None
            if widget is None or not widget.focusable:
                continue
            widget.focus()
            self.call_after_refresh(self._show_with_problem, widget, problem)
            return True
        return False

    def _show_with_problem(self, widget: Widget, problem: Widget) -> None:
        problem.scroll_visible(animate=False, immediate=True)
        widget.scroll_visible(animate=False, immediate=True)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    def _field_edited(
        self, event: Input.Changed | TextArea.Changed | Select.Changed | SelectionList.SelectedChanged[Any]
    ) -> None:
        """A field edited after a save named a problem with it: the problem no longer stands (the save checks again).

        Left alone if the form has meanwhile put a problem of its own there (a date checked as it is typed)."""
        field = event.control.id
        if field is None or field not in self._save_problems:
            return
        message = self._save_problems.pop(field)
        for widget in self.query(f"#{field}-problem").results(Static):
            if str(widget.render()) == message:
                widget.update("")
                widget.remove_class("-shown")

    # -- saving -----------------------------------------------------------------------

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_save(self) -> None:
        self.clear_problems()
        self._saving = True
        try:
            draft = self.collect()
        finally:
            self._saving = False
        if draft is not None:
            self._save_in_background(draft)
        elif not self.focused or not self._problem_under(self.focused):
            self.focus_first_problem()

    def _problem_under(self, widget: Widget) -> bool:
        """Whether the field has a problem shown under it (a form that focused it itself)."""
        return bool(widget.id) and bool(self.query(f"#{widget.id}-problem.-shown"))

    @work(exclusive=True, group="form-save", exit_on_error=False)
    async def _save_in_background(self, draft: Any) -> None:
        self._label_save_buttons(self.SAVING_LABEL, disabled=True)
        waiting = self.set_timer(self.SLOW_SAVE_SECONDS, lambda: self._label_save_buttons(self.WAITING_LABEL))
        try:
            result = await asyncio.to_thread(self._save_draft, draft)
        except Invalid as invalid:
            self._saving = True
            try:
                self.show_invalid(invalid)
            finally:
                self._saving = False
            self.focus_first_problem()
            return
        except DatabaseBusy as error:
            self.show_problem("form", f"{error} Everything typed is still here: press ctrl+s to save it.")
            return
        except BoundaryError as error:
            self.show_problem("form", str(error))
            try:
                self.after_refusal(error)
            except FAULTS:
                pass  # the refusal is on screen already; a fault while reacting to it adds nothing
            return
        except UnicodeEncodeError:
            # The store checks every field it knows for broken Unicode; this is the net for one it missed.
            self.show_problem(
                "form", "Something typed contains characters that cannot be stored (broken Unicode): retype it."
            )
            return
        finally:
            waiting.stop()
            self._label_save_buttons(self.SAVE_LABEL, disabled=False)
        # Closed from the form's own queue, not from this worker: whatever a close sets going (the
        # screen taken down, the desk's toast and its timer) would run in the worker's context, which
        # names the worker, which holds this form, and kept the whole form (~11,000 objects, 1.7 MB)
        # alive for seconds after it closed: through the next F4, beside its 5,000 entries.
        self.call_later(self._saved_now, result)

    def _saved_now(self, result: Any) -> None:
        if self.is_active:
            self.dismiss(result)
        else:
            # The desk was locked while this was saving: dismissing now would pop the lock
            # screen. Deliver the result when this form is on top again.
            self._saved = (result,)

    def _label_save_buttons(self, label: str, *, disabled: bool | None = None) -> None:
        for button in self.query("#save").results(Button):
            button.label = label
            if disabled is not None:
                button.disabled = disabled

    @on(events.ScreenResume)
    def _deliver_saved(self) -> None:
        if self._saved is not None:
            (result,) = self._saved
            self._saved = None
            self.dismiss(result)

    # -- leaving without saving -------------------------------------------------------

    def _values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for widget in self.query("Input, TextArea, Select"):
            if widget.id is None:
                continue
            if isinstance(widget, Input):
                values[widget.id] = widget.value
            elif isinstance(widget, TextArea):
                values[widget.id] = widget.text
            elif isinstance(widget, Select):
                values[widget.id] = widget.value
        return values

    def is_dirty(self) -> bool:
        """Whether anything was typed or chosen since the form opened."""
        return self._values() != self._initial

    def action_cancel(self) -> None:
        if not self.is_dirty():
            self.dismiss(None)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen("Throw away what you typed in this form?", yes="Throw it away", no="Keep editing"),
            decided,
        )
