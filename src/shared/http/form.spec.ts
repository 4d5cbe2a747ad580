import { IsBoolean, IsEmail, IsNotEmpty, IsOptional, MaxLength } from 'class-validator';
import { emptyForm, parseForm, withError } from './form';

class ExampleForm {
  @IsNotEmpty()
  @IsEmail({}, { message: 'common:validation.isEmail' })
  email: string;

  @IsOptional()
  @MaxLength(5, { context: { max: 5 } })
  nickname?: string;

  @IsNotEmpty()
  password: string;

  @IsBoolean()
  newsletter: boolean;
}

describe('parseForm', () => {
  it('trims, turns blanks into "absent" and checkboxes into booleans', async () => {
    const result = await parseForm(
      ExampleForm,
      { email: '  ana@example.org ', nickname: '   ', password: 'pw', newsletter: 'on', _csrf: 't' },
      ['newsletter'],
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ email: 'ana@example.org', password: 'pw', newsletter: true });
    expect(result.value.nickname).toBeUndefined();
  });

  it('gives each field its error keys and the values they need, never echoing passwords', async () => {
    const result = await parseForm(ExampleForm, { email: 'nope', nickname: 'toolong', password: '' }, ['newsletter']);
    expect(result.ok).toBe(false);
    expect(result.state.errors).toEqual({
      email: [{ key: 'common:validation.isEmail' }],
      nickname: [{ key: 'common:validation.maxLength', values: { max: 5 } }],
      password: [{ key: 'common:validation.isNotEmpty' }],
    });
    expect(result.state.errorCount).toBe(3);
    expect(result.state.values).toEqual({ email: 'nope', nickname: 'toolong', newsletter: false });
  });

  it('adds errors found after validation', () => {
    const state = withError(emptyForm({ email: 'a@b.c' }), '_form', { key: 'community:signIn.failed' });
    expect(state.errors._form).toEqual([{ key: 'community:signIn.failed' }]);
    expect(state.errorCount).toBe(1);
  });
});

describe('parseForm on a blank required field', () => {
  it('says only that it is required', async () => {
    class Required {
      @IsNotEmpty()
      @IsEmail({}, { message: 'common:validation.isEmail' })
      @MaxLength(254, { context: { max: 254 } })
      email: string;
    }
    const result = await parseForm(Required, { email: '  ' });
    expect(result.state.errors).toEqual({ email: [{ key: 'common:validation.isNotEmpty' }] });
  });
});
