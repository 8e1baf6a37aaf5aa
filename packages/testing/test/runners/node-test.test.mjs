// Run by runners.test.ts with `node --test`, against the built package imported as ESM, as a node:test user would.
import { test } from 'node:test';
import { createFetchSender, createWebhooks } from '@webhooks/core';
import { verifyRequest } from '@webhooks/verify';
import { createTestReceiver, signedRequest } from '@webhooks/testing';
import scenarios from './scenarios.cjs';

test('a sender test: the webhook arrives, verified', () => scenarios.senderTest({ createTestReceiver, createWebhooks, createFetchSender }));
test('a receiver test: a signed Request verifies', () => scenarios.receiverTest({ signedRequest, verifyRequest }));
