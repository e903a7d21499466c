/**
 * The user settings of every VS Code the tests start: a quiet workbench (no
 * welcome page, tips, updates or telemetry), terminal text in the DOM, and
 * no trust prompt (a launcher decides trust by its command line).
 */
export const QUIET_SETTINGS: Readonly<Record<string, unknown>> = {
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "update.mode": "none",
  "git.enabled": false,
  "chat.disableAIFeatures": true,
  // The DOM renderer, so the terminal's text can be read from the page.
  "terminal.integrated.gpuAcceleration": "off",
  "security.workspace.trust.startupPrompt": "never",
  "security.workspace.trust.banner": "never",
};
