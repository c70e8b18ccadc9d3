// Every workflow type the khflow worker runs.
export { planWorkflow } from './plan.workflow';
export { taskWorkflow } from './task.workflow';
export { nodeWorkflow } from './node.workflow';
export { assignmentWorkflow } from './assignment/assignment.workflow';
export { reorganisationWorkflow } from './reorganisation.workflow';
