import { registry } from "@web/core/registry";

/** An officer registers a complaint by hand (the form sends empty stage and responsible
 * fields) and accepts it: it must land in "New" with an Accept button, then be dispatched. */
registry.category("web_tour.tours").add("complaint_officer_registers_by_hand_tour", {
    steps: () => [
        { content: "New complaint", trigger: ".o_form_view .o_field_widget[name=name] input" },
        {
            content: "Title",
            trigger: ".o_field_widget[name=name] input",
            run: "edit 停水三天无人处理",
        },
        {
            content: "What happened",
            trigger: ".o_field_widget[name=description] .odoo-editor-editable",
            run: "editor 3号楼停水三天，物业没有答复。",
        },
        {
            content: "Name of the caller",
            trigger: ".o_field_widget[name=complainant_name] input",
            run: "edit 赵六",
        },
        {
            content: "Phone of the caller",
            trigger: ".o_field_widget[name=complainant_phone] input",
            run: "edit 13911112222",
        },
        {
            content: "Lead unit",
            trigger: ".o_field_widget[name=team_id] input",
            run: "edit Tour unit",
        },
        {
            content: "Pick the unit",
            trigger: ".o-autocomplete--dropdown-item:contains(Tour unit)",
            run: "click",
        },
        { content: "Save", trigger: ".o_form_button_save", run: "click" },
        {
            content: "Registered in the New stage, with its Accept button",
            trigger: "button[name=action_accept]",
        },
        { content: "A tracking number", trigger: ".o_field_widget[name=number]:contains(TS)" },
        { content: "Accept", trigger: "button[name=action_accept]", run: "click" },
        {
            content: "Dispatched: the Accept button is gone",
            trigger: ".o_form_view:not(:has(button[name=action_accept])) .o_form_saved",
        },
    ],
});

/** A handler opens a complaint of their unit and logs a note: no access error, the chatter
 * works. */
registry.category("web_tour.tours").add("complaint_handler_chatter_tour", {
    steps: () => [
        { content: "The complaint is open", trigger: ".o_form_view .o-mail-Chatter" },
        {
            content: "Masked complainant",
            trigger: ".o_field_widget[name=complainant_display]:contains(Confidential)",
        },
        { content: "Log note", trigger: "button.o-mail-Chatter-logNote", run: "click" },
        {
            content: "Write the note",
            trigger: ".o-mail-Composer-input",
            run: "edit Called the pump station, repair tomorrow.",
        },
        { content: "Log it", trigger: ".o-mail-Composer-send:enabled", run: "click" },
        {
            content: "The note is in the chatter",
            trigger: ".o-mail-Message:contains(repair tomorrow)",
        },
        { content: "No error dialog", trigger: "body:not(:has(.o_error_dialog))" },
    ],
});
