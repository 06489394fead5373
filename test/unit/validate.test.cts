import { checkBaseUrl, checkId, checkSubjectUser } from '../../nodes/Synap/transport/validate';

describe('IDs', () => {
	test.each(['QsogF1GDFZ', 'bh7EbXdKcf', 'abc-DEF_123'])('%s is accepted', (id) => {
		expect(checkId('User', id)).toEqual({ ok: true, value: id });
	});
	test.each([
		['../portals', 'a "/"'],
		['a/b?c', 'a "/"'],
		['..', 'a character other than letters'],
		['abc%2Fdef', 'a "%"'],
		['abc#x', 'a "?" or "#"'],
		[' QsogF1GDFZ', 'whitespace'],
		['Qsog\r\nX', 'a line break'],
		['Qsog\u0000', 'a control character'],
		['Qsоg', 'non-ASCII'],
	])('%j is refused, saying it contains %s', (id, what) => {
		const check = checkId('User', id);
		expect(check.ok).toBe(false);
		if (!check.ok) {
			expect(check.message).toContain('User');
			expect(check.message).toContain(what);
		}
	});
	test('empty, objects and lists are refused with a hint', () => {
		expect(checkId('User', '')).toMatchObject({ ok: false, message: 'User is empty' });
		expect(checkId('User', { id: 1 })).toMatchObject({ ok: false, message: 'User must be text, not object' });
		expect(checkId('User', ['a'])).toMatchObject({ ok: false, message: 'User must be text, not a list' });
		expect(checkId('User', 'x'.repeat(10_000))).toMatchObject({ ok: false });
		expect(checkId('User', 12345)).toEqual({ ok: true, value: '12345' });
	});
});

describe('Act As (Subject-User ID)', () => {
	test('blank typed value means "act as the administrator"', () => {
		expect(checkSubjectUser('', false)).toEqual({ ok: true, value: undefined });
		expect(checkSubjectUser(undefined, false)).toEqual({ ok: true, value: undefined });
	});
	test('an expression that resolves to blank is refused', () => {
		const check = checkSubjectUser('', true);
		expect(check).toMatchObject({ ok: false, message: 'Act As (Subject-User ID) resolved to an empty value' });
	});
	test('whitespace and line breaks are refused', () => {
		expect(checkSubjectUser('Stud ent', false).ok).toBe(false);
		expect(checkSubjectUser('Student\nX-Evil: 1', true).ok).toBe(false);
	});
});

describe('base URLs', () => {
	test('https is accepted and normalised', () => {
		expect(checkBaseUrl('https://api.synap.ac/v3/')).toEqual({ ok: true, value: 'https://api.synap.ac/v3' });
	});
	test('http only on loopback', () => {
		expect(checkBaseUrl('http://127.0.0.1:4010/v3').ok).toBe(true);
		expect(checkBaseUrl('http://localhost:4010/v3').ok).toBe(true);
		expect(checkBaseUrl('http://[::1]:4010/v3').ok).toBe(true);
		expect(checkBaseUrl('http://api.synap.ac/v3')).toMatchObject({ ok: false, message: 'Refusing to send the Personal Access Token over plain http:// to api.synap.ac' });
		expect(checkBaseUrl('http://127.0.0.1.evil.com/v3').ok).toBe(false);
	});
	test('credentials, queries and other schemes are refused', () => {
		expect(checkBaseUrl('https://u:p@api.synap.ac/v3').ok).toBe(false);
		expect(checkBaseUrl('https://api.synap.ac/v3?x=1').ok).toBe(false);
		expect(checkBaseUrl('ftp://api.synap.ac/v3').ok).toBe(false);
		expect(checkBaseUrl('not a url').ok).toBe(false);
	});
	test('a Base URL without an API path (no /v3) is refused, saying so', () => {
		for (const raw of ['https://api.synap.ac', 'https://api.synap.ac/', 'http://127.0.0.1:4010//']) {
			expect(checkBaseUrl(raw)).toMatchObject({ ok: false, message: expect.stringMatching(/^The Base URL in the Synap API credential has no API path/) });
		}
		expect(checkBaseUrl('https://staging.example.com/synap/v3').ok).toBe(true);
	});
});
