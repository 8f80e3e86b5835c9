import type { ITriggerFunctions } from 'n8n-workflow';

import { lostExecutionReason, redeliveringEmitter } from '../../../nodes/shared/n8n/redelivery';
import { finishedRun } from '../../harness/runs';

const run = finishedRun;

// Messages copied from n8n 2.41.1 (MaxStalledCountError, WorkflowRunner.processError) and Bull 4.
const N8N_STALLED =
	'This execution failed to be processed too many times and will no longer retry. To allow this execution to complete, please break down your workflow or scale up your workers or adjust your worker settings.';
const BULL_STALLED = 'job stalled more than allowable limit';

describe('lostExecutionReason: which outcomes mean the worker took the execution down', () => {
	test.each([
		['crashed run', { run: run('crashed') }],
		["n8n's max-stalled error as the run's error", { run: run('error', { message: N8N_STALLED }) }],
		["Bull's stalled message as the run's error", { run: run('error', { message: BULL_STALLED }) }],
		['stalled message only in the cause', { run: run('error', { message: 'Problem', cause: { message: 'job stalled more than maxStalledCount' } }) }],
		['rejected done-promise with the stalled error', { error: new Error(N8N_STALLED) }],
	])('%s → emit again', (_name, outcome) => {
		expect(lostExecutionReason(outcome)).toEqual(expect.any(String));
	});

	test.each([
		['success', { run: run('success') }],
		['a node error (the workflow\'s own outcome)', { run: run('error', { message: 'The resource you are requesting could not be found' }) }],
		['canceled', { run: run('canceled') }],
		['waiting', { run: run('waiting') }],
		['no execution (deduplicated)', { run: undefined }],
		['rejected for another reason', { error: new Error('Workflow has no trigger') }],
	])('%s → never emitted again', (_name, outcome) => {
		expect(lostExecutionReason(outcome)).toBeUndefined();
	});
});

describe('redeliveringEmitter: which n8n gets a done-promise', () => {
	function context(withSaveFailedExecution: boolean) {
		const emit = jest.fn();
		const ctx = {
			getMode: () => 'trigger',
			getNode: () => ({ name: 'Trigger' }),
			helpers: { createDeferredPromise: () => ({ promise: new Promise(() => undefined), resolve: jest.fn(), reject: jest.fn() }) },
			emit,
			...(withSaveFailedExecution ? { saveFailedExecution: jest.fn() } : {}),
		};
		return { ctx: ctx as unknown as ITriggerFunctions, emit };
	}

	test('n8n 2.x trigger runtime (saveFailedExecution present): the emit carries a done-promise', () => {
		const { ctx, emit } = context(true);
		redeliveringEmitter(ctx)([[{ json: { a: 1 } }]]);
		expect(emit).toHaveBeenCalledWith([[{ json: { a: 1 } }]], undefined, expect.objectContaining({ promise: expect.any(Promise) }));
	});

	test('n8n 1.x (no saveFailedExecution): a plain emit, so a failed enqueue cannot become an unhandled rejection', () => {
		const { ctx, emit } = context(false);
		redeliveringEmitter(ctx)([[{ json: { a: 1 } }]]);
		expect(emit).toHaveBeenCalledWith([[{ json: { a: 1 } }]]);
	});
});
