// The use cases of the API, each on the ports it needs. The task runner's use cases are bound
// with the workers (task-work.ts).
import { ContainerModule, type ResolutionContext } from 'inversify';
import { CreateProfile } from '../../application/create-profile.js';
import { DeleteProfile } from '../../application/delete-profile.js';
import { GetProfile } from '../../application/get-profile.js';
import { ListProfiles } from '../../application/list-profiles.js';
import { SearchProfiles } from '../../application/search-profiles.js';
import { ProfileChanges } from '../../application/profile-changes.js';
import { RestoreProfile } from '../../application/restore-profile.js';
import { UpdateProfile } from '../../application/update-profile.js';
import { DeleteAvatar } from '../../application/avatars/delete-avatar.js';
import { GetAvatar } from '../../application/avatars/get-avatar.js';
import { UploadAvatar } from '../../application/avatars/upload-avatar.js';
import { ImportProfiles } from '../../application/imports/import-profiles.js';
import { GetTask } from '../../application/tasks/get-task.js';
import { RetryTask } from '../../application/tasks/retry-task.js';
import {
  AVATAR_STORE,
  CLOCK,
  ID_GENERATOR,
  IMAGE_PROCESSOR,
  PROFILE_CACHE,
  PROFILE_REPOSITORY,
  TASK_STORE,
  UNIT_OF_WORK,
} from '../tokens.js';
import type { Config } from '../../adapters/settings/config.js';

export interface CoreSettings {
  /** How long a deleted profile can be restored (PURGE_GRACE_PERIOD). */
  readonly purgeGracePeriodMs: number;
  /** Attempts of a task before it is dead (TASK_MAX_ATTEMPTS). */
  readonly maxAttempts: number;
}

export function coreSettings(config: Config): CoreSettings {
  return { purgeGracePeriodMs: config.profiles.purgeGracePeriodMs, maxAttempts: config.tasks.maxAttempts };
}

export function coreBundle({ purgeGracePeriodMs: grace, maxAttempts: attempts }: CoreSettings) {
  const changes = (ctx: ResolutionContext) => ctx.get(ProfileChanges);
  const ids = (ctx: ResolutionContext) => ctx.get(ID_GENERATOR);
  return new ContainerModule(({ bind }) => {
    bind(ProfileChanges).toDynamicValue(
      (ctx) => new ProfileChanges(ctx.get(UNIT_OF_WORK), ctx.get(PROFILE_CACHE), ctx.get(CLOCK), ids(ctx)),
    );
    bind(CreateProfile).toDynamicValue((ctx) => new CreateProfile(ctx.get(UNIT_OF_WORK), ctx.get(PROFILE_CACHE), ids(ctx), ctx.get(CLOCK)));
    bind(GetProfile).toDynamicValue((ctx) => new GetProfile(ctx.get(PROFILE_REPOSITORY), ctx.get(PROFILE_CACHE)));
    bind(ListProfiles).toDynamicValue((ctx) => new ListProfiles(ctx.get(PROFILE_REPOSITORY)));
    bind(SearchProfiles).toDynamicValue((ctx) => new SearchProfiles(ctx.get(PROFILE_REPOSITORY)));
    bind(UpdateProfile).toDynamicValue((ctx) => new UpdateProfile(changes(ctx)));
    bind(DeleteProfile).toDynamicValue((ctx) => new DeleteProfile(changes(ctx), ids(ctx), grace));
    bind(RestoreProfile).toDynamicValue((ctx) => new RestoreProfile(changes(ctx), grace));
    bind(GetTask).toDynamicValue((ctx) => new GetTask(ctx.get(TASK_STORE)));
    bind(RetryTask).toDynamicValue((ctx) => new RetryTask(ctx.get(TASK_STORE), ctx.get(CLOCK)));
    bind(UploadAvatar).toDynamicValue((ctx) => new UploadAvatar(changes(ctx), ctx.get(IMAGE_PROCESSOR), ids(ctx), attempts));
    bind(GetAvatar).toDynamicValue((ctx) => new GetAvatar(ctx.get(PROFILE_REPOSITORY), ctx.get(AVATAR_STORE)));
    bind(DeleteAvatar).toDynamicValue((ctx) => new DeleteAvatar(changes(ctx), ctx.get(AVATAR_STORE)));
    bind(ImportProfiles).toDynamicValue((ctx) => new ImportProfiles(ctx.get(UNIT_OF_WORK), ids(ctx), ctx.get(CLOCK), attempts));
  });
}
