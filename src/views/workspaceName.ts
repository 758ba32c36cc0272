/** The shown workspace name lives in src/state/workspaceName.ts (the storage notices of src/state use it too). */
export { DEFAULT_WORKSPACE_NAMES, isDefaultWorkspaceName, shownWorkspaceName } from '../state/workspaceName';
