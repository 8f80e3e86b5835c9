import type { ChatHistory, ChatMemory, Message } from '@n8n/ai-node-sdk';

/*
 * Chatwoot is the store: the conversation already holds every customer message and
 * every answer the workflow posted, so there is nothing to write back. The history is
 * read from Chatwoot once per supplied memory (one agent run); turns the agent saves
 * are kept with it in this process for the rest of that run only (a second agent call
 * in the same execution sees them), and are gone afterwards: the next execution reads
 * the answer from Chatwoot, where the workflow posted it. Clearing forgets those turns;
 * it deletes nothing in Chatwoot.
 */

export class ChatwootChatHistory implements ChatHistory {
	private stored?: Promise<Message[]>;
	private turns: Message[] = [];

	constructor(private readonly read: () => Promise<Message[]>) {}

	async getMessages(): Promise<Message[]> {
		this.stored ??= this.read();
		this.stored.catch(() => (this.stored = undefined));
		return [...(await this.stored), ...this.turns];
	}

	async addMessage(message: Message): Promise<void> {
		this.turns.push(message);
	}

	async addMessages(messages: Message[]): Promise<void> {
		this.turns.push(...messages);
	}

	async clear(): Promise<void> {
		this.turns = [];
	}
}

export class ChatwootChatMemory implements ChatMemory {
	constructor(readonly chatHistory: ChatwootChatHistory) {}

	async loadMessages(): Promise<Message[]> {
		return await this.chatHistory.getMessages();
	}

	async saveTurn(input: string, output: string): Promise<void> {
		await this.chatHistory.addMessages([
			{ role: 'user', content: [{ type: 'text', text: input }] },
			{ role: 'assistant', content: [{ type: 'text', text: output }] },
		]);
	}

	async clear(): Promise<void> {
		await this.chatHistory.clear();
	}
}
