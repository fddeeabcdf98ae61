// English text for the writing assistant: its settings, its buttons and what it is writing.
// Spread into `en`.
import type { jaAssistant } from "./ja.assistant";

export const enAssistant: typeof jaAssistant = {
  assistant: {
    title: "Writing assistant",
    help: "Helps draft from material, fit each platform's length and explain findings, with a model on this computer or the office network (Ollama, llama.cpp, LM Studio …). Every suggestion arrives as a draft or a change to accept, and goes through the guideline check and review.",
    off: "Not used on this computer (not set).",
    where: {
      this_machine: "Runs on this computer ({{model}}). Nothing leaves this machine.",
      office: "Sends to a server on the office network ({{model}}). Personal data, names and confidential words are replaced before sending.",
      cloud: "Sends to an outside service ({{model}}). Personal data, names and confidential words are replaced before sending; photos are never sent.",
    },
    endpoint: "Assistant address",
    endpointHint: "For Ollama on this computer: http://127.0.0.1:11434/v1",
    model: "Model",
    visionModel: "Model for images (optional)",
    key: "API key (only when needed)",
    keyKept: "Kept (type only to change it)",
    allowCloud: "Allow an outside (cloud) assistant",
    cloudHelp: "When allowed, people in this workspace may set an outside service. What is sent is always masked, and photos are never sent.",
    cloudLeadOnly: "The lead decides whether an outside service may be used.",
    save: "Save",
    turnOff: "Turn off",
    saved: "Writing assistant saved.",
    turnedOff: "Writing assistant turned off.",
    draft: "Draft with the assistant",
    draftFor: "Draft {{name}}'s material with the assistant",
    operation: "The assistant is writing",
    writing: "What the assistant is writing",
    waiting: "Waiting for the assistant…",
    receiving: "Writing ({{count}} characters)…",
    stop: "Stop",
    offHint: "Turn on the writing assistant in Settings → Writing assistant with a model on this computer.",
    written: "Written by the assistant",
    tasks: { draft: "Draft from material", fit: "Fit platforms", alt: "Alt text", explain: "Finding explained", plan: "Post ideas" },
    places: { this_machine: "this computer", office: "office network", cloud: "outside service (masked)" },
    asked: "Asked",
    answered: "Answered",
  },
};
