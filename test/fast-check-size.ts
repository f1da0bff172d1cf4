// Loaded before every test file (`npm test`): fast-check's default size keeps arrays and strings
// near ten items whatever their maxLength, too small for the windows, merges and tables tested
// here to grow, wrap or collide. 'medium' reaches about a hundred.
import fc from 'fast-check';

fc.configureGlobal({ baseSize: 'medium' });
