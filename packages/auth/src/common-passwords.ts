/**
 * Passwords people pick first. docs/product.md §9 asks to refuse common passwords; a fixed list alone misses
 * "Password2026!" and "Lagos@123", so a candidate is also reduced to its letters (digits, symbols and
 * leetspeak removed) and checked against the words those passwords are built from.
 */
const COMMON_EXACT = [
  '123456',
  '1234567',
  '12345678',
  '123456789',
  '1234567890',
  '12345678910',
  '0123456789',
  '987654321',
  '87654321',
  '11111111',
  '00000000',
  '88888888',
  '12341234',
  '11223344',
  '112233',
  '121212',
  '123123123',
  '1q2w3e4r',
  '1q2w3e4r5t',
  'q1w2e3r4',
  'qwer1234',
  'asdf1234',
  'zaq12wsx',
  '1qaz2wsx',
  'qazwsx',
  'qwerty',
  'qwertyui',
  'qwertyuiop',
  'asdfghjk',
  'asdfghjkl',
  'zxcvbnm',
  'zxcvbnm1',
  'abcd1234',
  'abc12345',
  'aa123456',
  'a1b2c3d4',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'pa$$word',
  'trustno1',
  'iloveyou',
  'letmein1',
  'welcome1',
  'admin123',
  'administrator',
  'changeme',
  'default1',
  'guest123',
  'test1234',
  'testing1',
  'sunshine',
  'princess',
  'football',
  'baseball',
  'superman',
  'batman12',
  'starwars',
  'whatever',
  'computer',
  'internet',
  'michael1',
  'jennifer',
  'jordan23',
  'liverpool',
  'chelsea1',
  'arsenal1',
  'manchester',
  'barcelona',
  'blessing',
  'godisgood',
  'jesus123',
  'jesuschrist',
  'lordjesus',
]

const COMMON_WORDS = [
  'password',
  'passwort',
  'qwerty',
  'letmein',
  'welcome',
  'admin',
  'login',
  'iloveyou',
  'monkey',
  'dragon',
  'master',
  'shadow',
  'sunshine',
  'princess',
  'football',
  'soccer',
  'baseball',
  'secret',
  'freedom',
  'whatever',
  'trustno',
  'hello',
  'charlie',
  'loveme',
  'money',
  'blessed',
  'blessing',
  'favour',
  'favor',
  'jesus',
  'christ',
  'godisgood',
  'praise',
  'amen',
  'nigeria',
  'naija',
  'lagos',
  'abuja',
  'kano',
  'ibadan',
  'enugu',
  'millennium',
  'millenium',
  'potters',
  'potter',
  'microfinance',
  'loan',
  'loans',
  'changeme',
  'default',
  'guest',
  'test',
  'testing',
  'user',
  'staff',
  'officer',
  'supervisor',
  'manager',
]

const EXACT = new Set(COMMON_EXACT)
const WORDS = new Set(COMMON_WORDS)
const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
}

function isSequence(text: string): boolean {
  if (text.length < 4) return false
  let ascending = true
  let descending = true
  for (let i = 1; i < text.length; i++) {
    const step = text.charCodeAt(i) - text.charCodeAt(i - 1)
    if (step !== 1) ascending = false
    if (step !== -1) descending = false
  }
  return ascending || descending
}

export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase()
  if (EXACT.has(lower)) return true
  if (new Set(lower).size <= 2) return true
  if (isSequence(lower)) return true
  // Letters only, with and without undoing leetspeak: "P@ssw0rd2026!" → "password", "Lagos@123" → "lagos".
  const plain = lower.replace(/[^a-z]/g, '')
  const unLeeted = lower.replace(/[013457@$!]/g, (char) => LEET[char] ?? char).replace(/[^a-z]/g, '')
  for (const letters of [plain, unLeeted]) {
    if (letters.length === 0 || WORDS.has(letters)) return true
    // A common word with at most two extra letters: "welcomehome" is fine, "welcomex" is not.
    for (const word of WORDS) {
      if (word.length >= 4 && letters.length - word.length <= 2 && letters.includes(word)) return true
    }
  }
  return false
}
