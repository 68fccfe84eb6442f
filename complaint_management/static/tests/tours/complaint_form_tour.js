import { registry } from "@web/core/registry";

/** Tick the consent box, send the form and find the tracking number on the thank-you page. */
function consentAndSend() {
    return [
        { content: "Consent", trigger: "input[name=consent]", run: "click" },
        {
            content: "Send",
            trigger: "button[type=submit]:contains(Send the complaint)",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "The tracking number is shown", trigger: ".o_complaint_number:contains(TS)" },
    ];
}

registry.category("web_tour.tours").add("complaint_form_tour", {
    url: "/complaint",
    steps: () => [
        { content: "Name", trigger: "input[name=partner_name]", run: "edit 周杰" },
        { content: "Phone", trigger: "input[name=partner_phone]", run: "edit +86 137 0192 6634" },
        { content: "Subject", trigger: "input[name=name]", run: "edit 电梯三天不能用" },
        { content: "Facts", trigger: "textarea[name=description]", run: "edit 3号楼电梯停运三天" },
        {
            content: "A category that needs the complainant's real name",
            trigger: "select[name=category_id]",
            run: "selectByLabel Unreasonable fees",
        },
        {
            content: "Filing anonymously is not offered",
            trigger: "form:has(.o_complaint_anonymous.d-none)",
        },
        {
            content: "A category that allows anonymous complaints",
            trigger: "select[name=category_id]",
            run: "selectByLabel Delay",
        },
        {
            content: "Filing anonymously is offered",
            trigger: ".o_complaint_anonymous input[name=is_anonymous]",
        },
        {
            content: "Attach a photo",
            trigger: "input[name=attachments]",
            async run() {
                // a 1×1 PNG, as a file chooser would hand it over
                const png =
                    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
                const blob = await (await fetch(`data:image/png;base64,${png}`)).blob();
                const transfer = new DataTransfer();
                transfer.items.add(new File([blob], "lift.png", { type: "image/png" }));
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        ...consentAndSend(),
        {
            content: "Open the tracking link",
            trigger: "a.o_complaint_track_link",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "The stage is shown", trigger: ".o_complaint_stage" },
        { content: "Add information", trigger: "textarea[name=message]", run: "edit 今天又坏了" },
        {
            content: "Send the information",
            trigger: "button[type=submit]:contains(Send)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The addition is part of the conversation",
            trigger: ".o_complaint_mine:contains(今天又坏了)",
        },
    ],
});

registry.category("web_tour.tours").add("complaint_portal_tour", {
    url: "/complaint",
    steps: () => [
        {
            content: "A portal user's details are filled in",
            trigger: "input[name=partner_name][value='Portal Li']",
        },
        { content: "Subject", trigger: "input[name=name]", run: "edit 燃气表走得太快" },
        { content: "Facts", trigger: "textarea[name=description]", run: "edit 本月燃气费翻倍" },
        { content: "Category", trigger: "select[name=category_id]", run: "selectByLabel Delay" },
        ...consentAndSend(),
        {
            content: "Go to My complaints",
            trigger: "a.o_complaint_my_link",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "The complaint is shown", trigger: "h1:contains(燃气表走得太快)" },
        {
            content: "Back to the list of My complaints",
            trigger: "a[href='/my/complaints']",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "It is listed", trigger: "td:contains(燃气表走得太快)" },
    ],
});
