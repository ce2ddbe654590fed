/**
 * The life-threat sieve, built in so every triage runs it even with no protocol library
 * (offline, first start). A copy of protocols/life-threat-sieve.yaml, which is the version
 * clinicians review; change both together (protocols/protocol-library.test.ts fails if they differ).
 */
import type { Protocol } from './protocolSchema.js';
import { validateProtocol } from './validateProtocol.js';

export const LIFE_THREAT_SIEVE: Protocol = validateProtocol(
  {
    id: 'life-threat-sieve',
    version: '1.0.0',
    kind: 'sieve',
    title: 'Life-threat sieve',
    status: 'draft',
    author: 'Lantern clinical content group (draft, awaiting clinical safety officer review)',
    reviewDate: '2027-05-29',
    sources: [
      {
        title: 'Resuscitation Council UK - Adult basic life support guidelines 2021',
        url: 'https://www.resus.org.uk/library/2021-resuscitation-guidelines/adult-basic-life-support-guidelines',
      },
      {
        title: 'Resuscitation Council UK - Emergency treatment of anaphylaxis (2021)',
        url: 'https://www.resus.org.uk/library/additional-guidance/guidance-anaphylaxis/emergency-treatment',
      },
      {
        title: 'NHS - When to call 999',
        url: 'https://www.nhs.uk/nhs-services/urgent-and-emergency-care-services/when-to-call-999/',
      },
      {
        title: 'NHS - Stroke symptoms',
        url: 'https://www.nhs.uk/conditions/stroke/symptoms/',
      },
      {
        title: 'NHS - Heart attack symptoms',
        url: 'https://www.nhs.uk/conditions/heart-attack/symptoms/',
      },
      {
        title: 'NHS - What to do if someone has a seizure',
        url: 'https://www.nhs.uk/conditions/epilepsy/what-to-do-if-someone-has-a-seizure-fit/',
      },
      {
        title: 'NICE NG39 - Major trauma - assessment and initial management',
        url: 'https://www.nice.org.uk/guidance/ng39',
      },
    ],
    applicability: {
      ageYears: {
        from: 0,
      },
      sex: 'any',
    },
    keywords: ['emergency', 'life threat'],
    start: 'ls-not-breathing',
    dispositions: ['LX-AMB-C1', 'LX-AMB-C2'],
    questions: [
      {
        id: 'ls-not-breathing',
        type: 'yes-no',
        text: 'Is the patient not breathing, or only gasping or breathing very strangely?',
        help: 'Occasional gasps (agonal breathing) are a sign of cardiac arrest. If unsure, answer yes.',
        redFlags: [
          {
            id: 'ls-not-breathing-normally',
            label: 'Not breathing normally (possible cardiac or respiratory arrest)',
            when: {
              is: 'yes',
            },
            atLeast: 'LX-AMB-C1',
            source: 'Resuscitation Council UK adult BLS 2021',
          },
        ],
        next: [
          {
            when: {
              is: 'yes',
            },
            disposition: 'LX-AMB-C1',
          },
          {
            goto: 'ls-unresponsive',
          },
        ],
      },
      {
        id: 'ls-unresponsive',
        type: 'yes-no',
        text: 'Is the patient unconscious, or not responding when you speak to them or gently shake their shoulders?',
        help: 'If unsure, answer yes.',
        redFlags: [
          {
            id: 'ls-unconscious',
            label: 'Unconscious or unresponsive',
            when: {
              is: 'yes',
            },
            atLeast: 'LX-AMB-C1',
            source: 'Resuscitation Council UK adult BLS 2021',
          },
        ],
        next: [
          {
            when: {
              is: 'yes',
            },
            disposition: 'LX-AMB-C1',
          },
          {
            goto: 'ls-choking',
          },
        ],
      },
      {
        id: 'ls-choking',
        type: 'yes-no',
        text: 'Is the patient choking now and unable to cough, speak, cry or breathe?',
        redFlags: [
          {
            id: 'ls-choking-ineffective-cough',
            label: 'Choking with an ineffective cough',
            when: {
              is: 'yes',
            },
            atLeast: 'LX-AMB-C1',
            source: 'Resuscitation Council UK adult BLS 2021 (choking)',
          },
        ],
        next: [
          {
            when: {
              is: 'yes',
            },
            disposition: 'LX-AMB-C1',
          },
          {
            goto: 'ls-fitting',
          },
        ],
      },
      {
        id: 'ls-fitting',
        type: 'yes-no',
        text: 'Is the patient fitting (having a seizure) now?',
        redFlags: [
          {
            id: 'ls-fitting-now',
            label: 'Fitting now',
            when: {
              is: 'yes',
            },
            atLeast: 'LX-AMB-C1',
            source: 'NHS - What to do if someone has a seizure',
          },
        ],
        next: [
          {
            when: {
              is: 'yes',
            },
            disposition: 'LX-AMB-C1',
          },
          {
            goto: 'ls-severe-bleeding',
          },
        ],
      },
      {
        id: 'ls-severe-bleeding',
        type: 'yes-no',
        text: 'Is the patient bleeding heavily, with blood pouring out or soaking through dressings, even with firm pressure?',
        redFlags: [
          {
            id: 'ls-heavy-bleeding',
            label: 'Severe bleeding not controlled by pressure',
            when: {
              is: 'yes',
            },
            atLeast: 'LX-AMB-C2',
            source: 'NICE NG39 major trauma; NHS when to call 999',
          },
        ],
        next: [
          {
            when: {
              is: 'yes',
            },
            goto: 'ls-catastrophic-bleeding',
          },
          {
            goto: 'ls-breathing-difficulty',
          },
        ],
      },
      {
        id: 'ls-catastrophic-bleeding',
        type: 'yes-no',
        text: 'Is blood spurting or pumping out, or is the patient becoming drowsy, confused, pale or cold?',
        help: 'These are signs of catastrophic bleeding or shock. If unsure, answer yes.',
        redFlags: [
          {
            id: 'ls-catastrophic-bleeding-or-shock',
            label: 'Catastrophic bleeding or signs of shock',
            when: {
              is: 'yes',
            },
            atLeast: 'LX-AMB-C1',
            source: 'NICE NG39 major trauma',
          },
        ],
        next: [
          {
            when: {
              is: 'yes',
            },
            disposition: 'LX-AMB-C1',
          },
          {
            disposition: 'LX-AMB-C2',
          },
        ],
      },
      {
        id: 'ls-breathing-difficulty',
        type: 'yes-no',
        text: 'Is the patient struggling to breathe so badly they cannot speak in full sentences, or are their lips or face turning blue or grey?',
        redFlags: [
          {
            id: 'ls-severe-breathing-difficulty',
            label: 'Severe difficulty breathing or cyanosis',
            when: {
              is: 'yes',
            },
            atLeast: 'LX-AMB-C2',
            source: 'NHS - When to call 999',
          },
        ],
        next: [
          {
            when: {
              is: 'yes',
            },
            disposition: 'LX-AMB-C2',
          },
          {
            goto: 'ls-chest-pain-collapse',
          },
        ],
      },
      {
        id: 'ls-chest-pain-collapse',
        type: 'yes-no',
        text: 'Does the patient have chest pain and have they collapsed or fainted, or do they look grey, cold and clammy or sweaty?',
        redFlags: [
          {
            id: 'ls-chest-pain-shocked',
            label: 'Chest pain with collapse or grey, clammy skin',
            when: {
              is: 'yes',
            },
            atLeast: 'LX-AMB-C2',
            source: 'NHS - Heart attack symptoms',
          },
        ],
        next: [
          {
            when: {
              is: 'yes',
            },
            disposition: 'LX-AMB-C2',
          },
          {
            goto: 'ls-anaphylaxis',
          },
        ],
      },
      {
        id: 'ls-anaphylaxis',
        type: 'yes-no',
        text: 'After something they may be allergic to (food, a sting, a medicine), has the patient got swelling of the lips, tongue or throat, difficulty breathing or swallowing, or do they feel faint?',
        redFlags: [
          {
            id: 'ls-anaphylaxis-signs',
            label: 'Signs of anaphylaxis',
            when: {
              is: 'yes',
            },
            atLeast: 'LX-AMB-C2',
            source: 'Resuscitation Council UK anaphylaxis 2021',
          },
        ],
        next: [
          {
            when: {
              is: 'yes',
            },
            goto: 'ls-anaphylaxis-severe',
          },
          {
            goto: 'ls-stroke',
          },
        ],
      },
      {
        id: 'ls-anaphylaxis-severe',
        type: 'yes-no',
        text: 'Is their breathing noisy, wheezy or hoarse, or are they drowsy, confused, very pale or floppy?',
        help: 'Airway, breathing or circulation problems make anaphylaxis immediately life-threatening. If unsure, answer yes.',
        redFlags: [
          {
            id: 'ls-anaphylaxis-abc-compromise',
            label: 'Anaphylaxis with airway, breathing or circulation problems',
            when: {
              is: 'yes',
            },
            atLeast: 'LX-AMB-C1',
            source: 'Resuscitation Council UK anaphylaxis 2021',
          },
        ],
        next: [
          {
            when: {
              is: 'yes',
            },
            disposition: 'LX-AMB-C1',
          },
          {
            disposition: 'LX-AMB-C2',
          },
        ],
      },
      {
        id: 'ls-stroke',
        type: 'multiple-choice',
        text: 'Has the patient suddenly developed any of these (BE-FAST)? Choose all that apply.',
        help: 'Ask them to smile, raise both arms and say a simple sentence. Any one sign is enough.',
        options: [
          {
            id: 'balance',
            label: 'Balance: sudden loss of balance, coordination or dizziness',
          },
          {
            id: 'eyes',
            label: 'Eyes: sudden loss of, blurred or double vision',
          },
          {
            id: 'face',
            label: 'Face: drooping on one side, cannot smile evenly',
          },
          {
            id: 'arms',
            label: 'Arms: weakness or numbness in one arm or leg',
          },
          {
            id: 'speech',
            label: 'Speech: slurred, muddled or unable to speak',
          },
        ],
        redFlags: [
          {
            id: 'ls-stroke-signs',
            label: 'Sudden stroke signs (BE-FAST)',
            when: {
              includesAny: ['balance', 'eyes', 'face', 'arms', 'speech'],
            },
            atLeast: 'LX-AMB-C2',
            source: 'NICE NG128; NHS stroke symptoms',
          },
        ],
        next: [
          {
            when: {
              includesAny: ['balance', 'eyes', 'face', 'arms', 'speech'],
            },
            disposition: 'LX-AMB-C2',
          },
          {
            continue: true,
            reason: 'No immediate threat to life found; continue with the chosen protocol',
          },
        ],
      },
    ],
  },
  'built-in life-threat sieve',
);
