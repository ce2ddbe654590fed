/**
 * The answer to one question, by mouse or keyboard: Y/N for yes-no, 1-9 for choices (toggles
 * for several, then Enter), typed numbers and text confirmed with Enter. Keys act only while
 * `keysActive` (not while another dialog is open) and never while the user is typing in a field.
 */

import type { AnswerValue, Question } from '@lantern/core';
import { Button, Checkbox, Group, NumberInput, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';

interface Props {
  question: Question;
  /** The answer already given (when changing one), shown as the current choice. */
  current?: AnswerValue;
  onAnswer(value: AnswerValue): void;
  keysActive: boolean;
}

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** Plain keys (no modifiers) while not typing in a field. */
function useAnswerKeys(active: boolean, handle: (key: string) => boolean): void {
  const latest = useRef(handle);
  latest.current = handle;
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.repeat || isTyping(e.target)) return;
      if (latest.current(e.key.toLowerCase())) e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [active]);
}

function Key({ k }: { k: string }) {
  return (
    <span className="answer-key" aria-hidden="true">
      {k}
    </span>
  );
}

/** A key shown after a button's label (e.g. Enter). */
export function KeyHint({ k }: { k: string }) {
  return (
    <span className="answer-key key-after" aria-hidden="true">
      {k}
    </span>
  );
}

export function AnswerControls(props: Props) {
  switch (props.question.type) {
    case 'yes-no':
      return <YesNo {...props} />;
    case 'single-choice':
      return <SingleChoice {...props} question={props.question} />;
    case 'multiple-choice':
      return <MultipleChoice {...props} question={props.question} />;
    case 'number':
      return <NumberAnswer {...props} question={props.question} />;
    case 'free-text':
      return <FreeText {...props} question={props.question} />;
  }
}

function YesNo({ current, onAnswer, keysActive }: Props) {
  useAnswerKeys(keysActive, (key) => {
    if (key === 'y') onAnswer('yes');
    else if (key === 'n') onAnswer('no');
    else return false;
    return true;
  });
  return (
    <Group gap="sm" role="group" aria-label="Answer">
      {(['yes', 'no'] as const).map((v) => (
        <Button
          key={v}
          size="lg"
          miw={140}
          variant={current === v ? 'filled' : 'outline'}
          onClick={() => onAnswer(v)}
          aria-keyshortcuts={v === 'yes' ? 'Y' : 'N'}
          aria-pressed={current === v}
        >
          <Key k={v === 'yes' ? 'Y' : 'N'} />
          {v === 'yes' ? 'Yes' : 'No'}
        </Button>
      ))}
    </Group>
  );
}

type Of<T extends Question['type']> = Omit<Props, 'question'> & { question: Extract<Question, { type: T }> };

function SingleChoice({ question, current, onAnswer, keysActive }: Of<'single-choice'>) {
  useAnswerKeys(keysActive, (key) => {
    const option = /^[1-9]$/.test(key) ? question.options[Number(key) - 1] : undefined;
    if (!option) return false;
    onAnswer(option.id);
    return true;
  });
  return (
    <Stack gap={6} role="group" aria-label="Answer">
      {question.options.map((o, i) => (
        <Button
          key={o.id}
          variant={current === o.id ? 'filled' : 'outline'}
          justify="flex-start"
          size="md"
          h="auto"
          py={8}
          onClick={() => onAnswer(o.id)}
          aria-keyshortcuts={i < 9 ? String(i + 1) : undefined}
          aria-pressed={current === o.id}
          styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
        >
          {i < 9 && <Key k={String(i + 1)} />}
          {o.label}
        </Button>
      ))}
    </Stack>
  );
}

function MultipleChoice({ question, current, onAnswer, keysActive }: Of<'multiple-choice'>) {
  const [chosen, setChosen] = useState<string[]>(Array.isArray(current) ? current : []);
  const toggle = (id: string) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
  useAnswerKeys(keysActive, (key) => {
    const option = /^[1-9]$/.test(key) ? question.options[Number(key) - 1] : undefined;
    if (option) toggle(option.id);
    else if (key === '0') onAnswer([]);
    else if (key === 'enter') onAnswer(chosen);
    else return false;
    return true;
  });
  return (
    <Stack gap="sm">
      <Stack gap={6} role="group" aria-label="Tick all that apply">
        {question.options.map((o, i) => (
          <Checkbox
            key={o.id}
            size="md"
            checked={chosen.includes(o.id)}
            onChange={() => toggle(o.id)}
            label={
              <>
                {i < 9 && <Key k={String(i + 1)} />}
                {o.label}
              </>
            }
          />
        ))}
      </Stack>
      <Group gap="sm">
        <Button
          onClick={() => onAnswer(chosen)}
          aria-keyshortcuts="Enter"
          rightSection={<KeyHint k="Enter" />}
        >
          Confirm {chosen.length === 0 ? '(none)' : `(${chosen.length})`}
        </Button>
        <Button variant="outline" onClick={() => onAnswer([])} aria-keyshortcuts="0">
          <Key k="0" />
          None of these
        </Button>
      </Group>
    </Stack>
  );
}

function NumberAnswer({ question, current, onAnswer }: Of<'number'>) {
  const [value, setValue] = useState<number | string>(typeof current === 'number' ? current : '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (typeof value === 'number') onAnswer(value);
  };
  return (
    <form onSubmit={submit} aria-label="Answer">
      <Group align="flex-end" gap="sm">
        <NumberInput
          label={`Answer (${question.unit})`}
          description={`${question.min} to ${question.max}`}
          value={value}
          onChange={setValue}
          allowDecimal={!question.integer}
          autoFocus
          w={200}
          size="md"
        />
        <Button
          type="submit"
          size="md"
          disabled={typeof value !== 'number'}
          rightSection={<KeyHint k="Enter" />}
        >
          Confirm
        </Button>
        {question.optional && (
          <Button variant="outline" size="md" onClick={() => onAnswer(null)}>
            Not known
          </Button>
        )}
      </Group>
    </form>
  );
}

function FreeText({ question, current, onAnswer }: Of<'free-text'>) {
  const [value, setValue] = useState(typeof current === 'string' ? current : '');
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    onAnswer(value);
  };
  return (
    <form onSubmit={submit} aria-label="Answer">
      <Stack gap="sm">
        <Textarea
          label="Answer in the caller's words"
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          maxLength={question.maxLength ?? 2000}
          autosize
          minRows={3}
          autoFocus
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit();
          }}
        />
        <Group gap="sm">
          <Button
            type="submit"
            disabled={!question.optional && value.trim() === ''}
            rightSection={<KeyHint k="Ctrl+Enter" />}
          >
            Confirm
          </Button>
          <Text size="sm" c="dimmed">
            {question.optional ? 'Optional' : 'Required'}
          </Text>
        </Group>
      </Stack>
    </form>
  );
}
