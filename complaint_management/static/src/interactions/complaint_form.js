import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";

/**
 * The public complaint form: "file anonymously" is offered only for categories that allow it
 * (the server refuses it for the others all the same).
 */
export class ComplaintForm extends Interaction {
    static selector = ".o_complaint_form";
    dynamicContent = {
        "select[name=category_id]": { "t-on-change": this.onCategoryChange },
        ".o_complaint_anonymous": {
            "t-att-class": () => ({ "d-none": this.realNameRequired }),
        },
    };

    setup() {
        this.select = this.el.querySelector("select[name=category_id]");
        this.realNameRequired = this.isRealNameRequired();
    }

    isRealNameRequired() {
        const option = this.select && this.select.selectedOptions[0];
        return Boolean(option && option.dataset.realName);
    }

    onCategoryChange() {
        this.realNameRequired = this.isRealNameRequired();
        const box = this.el.querySelector("input[name=is_anonymous]");
        if (this.realNameRequired && box) {
            box.checked = false;
        }
    }
}

registry.category("public.interactions").add("complaint_management.complaint_form", ComplaintForm);
