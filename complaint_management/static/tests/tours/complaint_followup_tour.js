import { registry } from "@web/core/registry";

/** A visitor sends the form, then reloads the thank-you page: the same number is shown again
 * and nothing is filed twice (the test counts the complaints). */
registry.category("web_tour.tours").add("complaint_reload_thanks_tour", {
    url: "/complaint",
    steps: () => [
        { content: "Name", trigger: "input[name=partner_name]", run: "edit 吴敏" },
        { content: "Phone", trigger: "input[name=partner_phone]", run: "edit 13711112222" },
        { content: "Subject", trigger: "input[name=name]", run: "edit 燃气表读数异常" },
        {
            content: "Facts",
            trigger: "textarea[name=description]",
            run: "edit 本月燃气费是平时的三倍。",
        },
        { content: "Consent", trigger: "input[name=consent]", run: "click" },
        {
            content: "Send",
            trigger: "button[type=submit]:contains(Send the complaint)",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "The tracking number is shown", trigger: ".o_complaint_number:contains(TS)" },
        {
            content: "Reload the thank-you page",
            trigger: ".o_complaint_number:contains(TS)",
            run: () => window.location.reload(),
            expectUnloadPage: true,
        },
        {
            content: "Still the thank-you page with its number, not a new complaint",
            trigger: ".o_complaint_number:contains(TS)",
        },
    ],
});

/** A complainant who called opens the link of their acknowledgement e-mail: the tracking page
 * of their complaint. */
registry.category("web_tour.tours").add("complaint_acknowledgement_link_tour", {
    steps: () => [
        { content: "The complaint's stage", trigger: ".o_complaint_stage" },
        { content: "Its title", trigger: "h1:contains(电话投诉：路灯不亮)" },
        {
            content: "They can add information",
            trigger: "form[action$='/message'] textarea[name=message]",
        },
    ],
});

/** An officer opens a suspected collective complaint and links the group from its form. */
registry.category("web_tour.tours").add("complaint_link_collective_tour", {
    steps: () => [
        {
            content: "The suggestion is on the complaint",
            trigger: "button[name=action_link_collective_suggestion]",
            run: "click",
        },
        {
            content: "The collective complaint opens in the complaint form",
            trigger: ".o_form_view .o_field_widget[name=complainant_name]",
        },
        {
            content: "It is a collective complaint now",
            trigger: ".o_form_view:not(:has(button[name=action_link_collective_suggestion]))",
        },
    ],
});
