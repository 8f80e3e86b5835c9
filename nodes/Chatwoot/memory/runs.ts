import type { ChatwootChatHistory } from './memory';

/*
 * n8n's AI Agent (v3) runs each tool call as its own node execution and then executes
 * the agent again, which asks for its memory again: one customer message with two tool
 * calls supplies the memory three times in the same execution. The history of a run is
 * kept here per execution, memory node, item and conversation, so Chatwoot is read once
 * per agent run, and every round sees the conversation as it was when the run began
 * (not the tool's own writes as if someone else had said them). Bounded and short-lived:
 * entries expire after ten minutes, and at most 1,000 runs are kept (oldest dropped).
 */

const TTL_MS = 10 * 60 * 1000;
const MAX_RUNS = 1000;
const runs = new Map<string, { history: ChatwootChatHistory; expires: number }>();

export function historyOfRun(key: string, create: () => ChatwootChatHistory, now = Date.now()): ChatwootChatHistory {
	const hit = runs.get(key);
	if (hit && hit.expires > now) return hit.history;
	runs.delete(key);
	for (const [oldKey, entry] of runs) {
		if (entry.expires > now && runs.size < MAX_RUNS) break;
		runs.delete(oldKey);
	}
	const history = create();
	runs.set(key, { history, expires: now + TTL_MS });
	return history;
}

/** Runs currently kept (for tests). */
export function keptRuns(): number {
	return runs.size;
}
