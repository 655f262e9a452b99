package io.slipstream.engine;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Who may use a ring's directory and file: the directory opened (and made if needed) without following a symbolic
 * link, the owner and permission checks {@link RingFile} makes through descriptors, and the permissions it gives
 * what it creates.
 */
final class RingFileAccess
{
    private RingFileAccess()
    {
    }

    /**
     * Opens the ring directory (making it if needed) without following a symbolic link, and checks it through its
     * descriptor: a directory, owned by this user unless allowed, not writable by others beyond what was asked.
     */
    static NativeFile openDirectory(final Path directory, final RingContext context)
    {
        boolean made = false;
        try
        {
            if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS))
            {
                final Path parent = directory.toAbsolutePath().getParent();
                if (parent != null && !Files.isDirectory(parent))
                {
                    Files.createDirectories(parent);
                }
                try
                {
                    Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString(context.groupAccess() ? "rwxrwx---" : "rwx------")));
                    made = true;
                }
                catch (final FileAlreadyExistsException ignore)
                {
                    // Made by another process at the same moment: checked below like any existing directory.
                }
            }
        }
        catch (final IOException ex)
        {
            throw new RingFileException("cannot use ring directory " + directory + ": " + ex, ex);
        }
        final NativeFile opened;
        try
        {
            opened = NativeFile.openAt(null, directory.toString(),
                NativeFile.O_RDONLY | NativeFile.O_DIRECTORY | NativeFile.O_NOFOLLOW, 0);
        }
        catch (final NativeFile.NativeException ex)
        {
            if (ex.errno() == NativeFile.ELOOP || Files.isSymbolicLink(directory))
            {
                throw new RingFileException("ring directory " + directory + " is a symbolic link: refused");
            }
            if (ex.errno() == NativeFile.ENOTDIR)
            {
                throw new RingFileException("ring directory " + directory + " is not a directory");
            }
            throw new RingFileException("cannot use ring directory " + directory + ": " + ex.getMessage(), ex);
        }
        try
        {
            final NativeFile.Status status = opened.status();
            if (!status.isDirectory())
            {
                throw new RingFileException("ring directory " + directory + " is not a directory");
            }
            checkOwner(directory, status.uid(), context);
            if (made)
            {
                opened.changeMode(directoryPermissions(context)); // exactly, whatever the umask removed
            }
            else
            {
                checkPermissions(directory, status.permissions(), directoryPermissions(context), "ring directory");
            }
            return opened;
        }
        catch (final NativeFile.NativeException ex)
        {
            opened.close();
            throw new RingFileException("cannot use ring directory " + directory + ": " + ex.getMessage(), ex);
        }
        catch (final RuntimeException ex)
        {
            opened.close();
            throw ex;
        }
    }

    static void checkOwner(final Path path, final int uid, final RingContext context)
    {
        if (context.allowForeignOwner())
        {
            return;
        }
        final int me = NativeFile.effectiveUid();
        if (uid != me)
        {
            throw new RingFileException(path + " is owned by " + userName(path, uid) + ", not " +
                System.getProperty("user.name", "uid " + me) + " (uid " + me + "): refused " +
                "(allowForeignOwner to accept)");
        }
    }

    /** Refuses write access for group or others beyond what the context asked for. */
    static void checkPermissions(final Path path, final int permissions, final int asked, final String what)
    {
        final int excess = permissions & 0022 & ~asked;
        if (excess != 0)
        {
            throw new RingFileException(String.format("%s %s is %s-writable (mode %04o, asked for %04o): refused; " +
                "remove the write bits (chmod %s-w) or ask for group access", what, path,
                (excess & 0002) != 0 ? "world" : "group", permissions, asked, (excess & 0002) != 0 ? "o" : "g"));
        }
    }

    /** The owner's name for a message: the uid is what was checked, the name is for people. */
    static String userName(final Path path, final int uid)
    {
        try
        {
            return Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName() + " (uid " + uid + ")";
        }
        catch (final IOException | RuntimeException ex)
        {
            return "uid " + uid;
        }
    }

    static int filePermissions(final RingContext context)
    {
        return context.groupAccess() ? 0660 : 0600;
    }

    static int directoryPermissions(final RingContext context)
    {
        return context.groupAccess() ? 0770 : 0700;
    }
}
