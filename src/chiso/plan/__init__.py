"""What-if and planning: a unit's score after hypothetical actions, and the fewest actions to reach a target."""

from chiso.plan.actions import KINDS, ActionError, Actions
from chiso.plan.apply import apply_actions
from chiso.plan.planner import Plan, PlanError, Step, make_plan
from chiso.plan.whatif import Context, WhatIf, load_context, what_if

__all__ = [
    "KINDS",
    "ActionError",
    "Actions",
    "Context",
    "Plan",
    "PlanError",
    "Step",
    "WhatIf",
    "apply_actions",
    "load_context",
    "make_plan",
    "what_if",
]
